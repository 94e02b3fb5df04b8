import { PAGE_END, pageTop } from '../../gateway/page-files.js';

/**
 * The page's markup: its forms and empty regions. Its script (browser/, bundled) fills the tables; no inline script,
 * style or event handler (the Content-Security-Policy forbids them).
 */
export const adminPage = `${pageTop({
  title: 'Mappings',
  script: '/admin/mappings/app.js',
  heading: 'Mappings',
  lead: 'Where aid money lands in COFOG and the national chart of accounts, and the rules that place it.',
  signInHint: 'Anyone may browse; changes need a <code>mapping-admin</code> token: <code>tributary token --role mapping-admin</code>.',
})}    <nav aria-label="Sections">
      <ul>
        <li><a href="#coverage">Unmapped money</a></li>
        <li><a href="#rules">Rules</a></li>
        <li><a href="#upload">Upload a sheet</a></li>
        <li><a href="#organisations">Organisations</a></li>
      </ul>
    </nav>
    <div id="status" class="status" role="status" aria-live="polite" aria-atomic="true"></div>
    <main id="main">
      <section id="coverage" class="view" aria-labelledby="coverage-title">
        <h2 id="coverage-title">Unmapped money</h2>
        <p>How much disbursed and spent aid money the rules place in a classification, and the source codes leaving the most unmapped.</p>
        <form id="coverage-form" class="filters">
          <label>Classification <select name="segment" id="coverage-segment"><option value="cofog">COFOG (international)</option></select></label>
          <label>Country <select name="country" id="coverage-country" disabled><option value="">—</option></select></label>
          <label>Fiscal year <input name="fiscalYear" type="number" min="1900" max="2100" step="1" inputmode="numeric" /></label>
          <label>Donor (IATI identifier) <input name="donor" type="text" spellcheck="false" /></label>
          <label>Rows
            <select name="limit">
              <option>20</option>
              <option>50</option>
              <option>100</option>
            </select>
          </label>
          <button type="submit">Show</button>
        </form>
        <div id="coverage-totals"></div>
        <div id="coverage-unmapped"></div>
      </section>

      <section id="rules" class="view" aria-labelledby="rules-title" hidden>
        <h2 id="rules-title">Rules</h2>
        <form id="rules-form" class="filters">
          <label>Source scheme
            <select name="sourceScheme">
              <option value="">any</option>
              <option>dac5</option>
              <option>dac3</option>
              <option>budget-identifier</option>
              <option>cofog</option>
              <option>org-ref</option>
              <option>org-name</option>
              <option>activity</option>
              <option>loan</option>
            </select>
          </label>
          <label>Source code <input name="sourceCode" type="text" spellcheck="false" /></label>
          <label>Target scheme <input name="targetScheme" type="text" list="target-schemes" spellcheck="false" /></label>
          <label>Country <input name="country" type="text" maxlength="2" size="3" spellcheck="false" /></label>
          <label>Status
            <select name="status">
              <option value="active">active</option>
              <option value="retired">retired</option>
              <option value="all">all</option>
            </select>
          </label>
          <button type="submit">Find</button>
          <button type="button" id="new-rule">New rule…</button>
        </form>
        <div id="rules-table"></div>
        <div class="pager">
          <button type="button" id="rules-previous" disabled>Previous page</button>
          <span id="rules-range"></span>
          <button type="button" id="rules-next" disabled>Next page</button>
        </div>
        <section id="history" aria-labelledby="history-title" hidden>
          <h3 id="history-title" tabindex="-1">History</h3>
          <div id="history-table"></div>
        </section>
      </section>

      <section id="upload" class="view" aria-labelledby="upload-title" hidden>
        <h2 id="upload-title">Upload a sheet</h2>
        <p>
          A CSV or XLSX sheet with the columns <code>country</code>, <code>source_scheme</code>, <code>source_code</code>,
          <code>target_scheme</code>, <code>target_code</code>, <code>share</code>, <code>valid_from</code>, <code>valid_to</code>,
          <code>reason</code> and optionally <code>action</code> (<code>set</code> or <code>retire</code>). It is applied whole or not at
          all: a refused sheet lists every problem and changes nothing.
        </p>
        <form id="upload-form">
          <label for="sheet-file">Mapping sheet</label>
          <input id="sheet-file" name="sheet" type="file" accept=".csv,.xlsx,text/csv" required />
          <button type="submit">Upload</button>
        </form>
        <div id="upload-result"></div>
      </section>

      <section id="organisations" class="view" aria-labelledby="organisations-title" hidden>
        <h2 id="organisations-title">Organisations</h2>
        <p>Receiving and implementing organisations no rule places in a country's administrative segment, by money, with the national entities their names resemble. A suggestion is applied only when you approve it.</p>
        <form id="organisations-form" class="filters">
          <label>Country <select name="country" id="organisations-country"></select></label>
          <label>Rows
            <select name="limit">
              <option>20</option>
              <option>50</option>
              <option>100</option>
            </select>
          </label>
          <button type="submit">Show</button>
        </form>
        <div id="organisations-result"></div>
      </section>
    </main>

    <datalist id="target-schemes">
      <option value="cofog"></option>
      <option value="coa:functional"></option>
      <option value="coa:administrative"></option>
      <option value="coa:programme"></option>
    </datalist>

    <dialog id="rule-dialog" aria-labelledby="rule-dialog-title">
      <form id="rule-form" class="dialog-form">
        <h2 id="rule-dialog-title">New rule</h2>
        <p id="rule-context" class="hint"></p>
        <div class="pair">
          <label>Source scheme <input name="sourceScheme" type="text" required spellcheck="false" /></label>
          <label>Source code <input name="sourceCode" type="text" required spellcheck="false" /></label>
          <label>Target scheme <input name="targetScheme" type="text" list="target-schemes" required spellcheck="false" /></label>
          <label>Target code <input name="targetCode" type="text" required spellcheck="false" /></label>
          <label>Country <input name="country" type="text" maxlength="2" size="3" spellcheck="false" aria-describedby="rule-country-hint" /></label>
          <label>Share (per cent) <input name="share" type="text" inputmode="decimal" value="100" /></label>
          <label>Valid from (fiscal year) <input name="validFrom" type="text" placeholder="open" /></label>
          <label>Valid to (fiscal year) <input name="validTo" type="text" placeholder="open" /></label>
        </div>
        <p id="rule-country-hint" class="hint">Country: ISO two letters, for a national target (coa:…); empty for COFOG. Years: 2024 or 2024/25.</p>
        <label>Reason <textarea name="reason" rows="2" required></textarea></label>
        <div class="form-error" role="alert"></div>
        <div class="actions">
          <button type="submit">Create rule</button>
          <button type="button" data-close>Cancel</button>
        </div>
      </form>
    </dialog>

    <dialog id="edit-dialog" aria-labelledby="edit-dialog-title">
      <form id="edit-form" class="dialog-form">
        <h2 id="edit-dialog-title">Change rule</h2>
        <p id="edit-context" class="hint"></p>
        <div class="pair">
          <label>Target code <input name="targetCode" type="text" required spellcheck="false" /></label>
          <label>Share (per cent) <input name="share" type="text" inputmode="decimal" required /></label>
          <label>Valid from (fiscal year) <input name="validFrom" type="text" placeholder="open" /></label>
          <label>Valid to (fiscal year) <input name="validTo" type="text" placeholder="open" /></label>
        </div>
        <label>Reason <textarea name="reason" rows="2" required></textarea></label>
        <div class="form-error" role="alert"></div>
        <div class="actions">
          <button type="submit">Save a new version</button>
          <button type="button" data-close>Cancel</button>
        </div>
      </form>
    </dialog>

    <dialog id="retire-dialog" aria-labelledby="retire-dialog-title">
      <form id="retire-form" class="dialog-form">
        <h2 id="retire-dialog-title">Retire rule</h2>
        <p id="retire-context" class="hint"></p>
        <label>Reason <textarea name="reason" rows="2" required></textarea></label>
        <div class="form-error" role="alert"></div>
        <div class="actions">
          <button type="submit">Retire the rule</button>
          <button type="button" data-close>Cancel</button>
        </div>
      </form>
    </dialog>
${PAGE_END}`;
