import { PAGE_END, pageTop } from '../../gateway/page-files.js';

/**
 * The budget officers' page: its forms and empty regions. Its script (browser/, bundled) fills them;
 * no inline script, style or event handler (the Content-Security-Policy forbids them). The admin
 * page's style sheet is shared; budget.css adds the chart.
 */
export const budgetPage = `${pageTop({
  title: 'Aid on budget',
  styleSheet: '/budget/budget.css',
  script: '/budget/app.js',
  heading: 'Aid on budget',
  lead: "Donor money in the national budget's terms: by vote and sector, on and off treasury, in the national fiscal year.",
  signInHint:
    'Downloads need a <code>budget-officer</code> or <code>analyst</code> token: <code>tributary token --role budget-officer</code>.',
})}    <div id="status" class="status" role="status" aria-live="polite" aria-atomic="true"></div>
    <main id="main">
      <form id="budget-form" class="filters">
        <label>Country <select name="country" id="budget-country" required></select></label>
        <label>Fiscal years <select name="fy" id="budget-years" multiple size="4"></select></label>
        <fieldset class="choices">
          <legend>On treasury</legend>
          <label><input type="checkbox" name="treasury" value="on" /> on</label>
          <label><input type="checkbox" name="treasury" value="off" /> off</label>
          <label><input type="checkbox" name="treasury" value="partly" /> partly</label>
          <label><input type="checkbox" name="treasury" value="unknown" /> unknown</label>
        </fieldset>
        <fieldset class="choices">
          <legend>On budget</legend>
          <label><input type="checkbox" name="budget" value="on" /> on</label>
          <label><input type="checkbox" name="budget" value="off" /> off</label>
          <label><input type="checkbox" name="budget" value="partly" /> partly</label>
          <label><input type="checkbox" name="budget" value="unknown" /> unknown</label>
        </fieldset>
        <label>Currency of presentation <input name="currency" id="budget-currency" type="text" maxlength="3" size="4" spellcheck="false" /></label>
        <label>Amounts
          <select name="kind" id="budget-kind">
            <option value="disbursed">disbursed</option>
            <option value="committed">committed</option>
            <option value="expended">expended</option>
            <option value="forward">forward-looking</option>
          </select>
        </label>
        <button type="submit">Show</button>
      </form>
      <p class="hint">No treasury or budget box ticked: all of them. A fiscal year is the national one; none chosen: every year.</p>
      <section id="downloads" aria-labelledby="downloads-title">
        <h2 id="downloads-title">Download</h2>
        <p class="hint">The rows below in full, with the filters, rates used and unmapped remainder (XLSX), for the budget process.</p>
        <button type="button" id="download-xlsx">Download XLSX</button>
        <button type="button" id="download-csv">Download CSV</button>
      </section>
      <section aria-labelledby="votes-title">
        <h2 id="votes-title">By vote</h2>
        <div id="vote-chart" class="chart"></div>
        <div id="vote-totals"></div>
      </section>
      <section aria-labelledby="sectors-title">
        <h2 id="sectors-title">By sector</h2>
        <p class="hint">DAC sector categories as the activities report them, amounts split by their percentages.</p>
        <div id="sector-totals"></div>
      </section>
      <section aria-labelledby="preview-title">
        <h2 id="preview-title">First rows</h2>
        <div id="preview"></div>
      </section>
    </main>
${PAGE_END}`;
