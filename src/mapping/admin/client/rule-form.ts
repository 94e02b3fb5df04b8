/**
 * Served as /admin/mappings/rule-form.js: the three changes an admin makes to one rule — create,
 * change (a new version), retire — each in a dialog that asks for the reason, shows the hub's
 * refusal inside the dialog, and on success announces it and tells the page ("mappings-changed").
 * Browser JavaScript held as text: it may use no backquote and no dollar-brace.
 */
export const ruleFormModule = String.raw`
import { explain, graphql, say } from './api.js';
import { decimal, percent, values, years } from './dom.js';

export const RULE_FIELDS =
  'id country sourceScheme sourceCode targetScheme targetCode share validFrom validTo status version origin changedBy changedAt reason';

const CREATE =
  'mutation CreateRule($rule: MappingRuleInput!, $reason: String!) { createMappingRule(rule: $rule, reason: $reason) { reapplied rule { ' +
  RULE_FIELDS +
  ' } } }';
const UPDATE =
  'mutation UpdateRule($id: ID!, $change: MappingRuleChange!, $reason: String!) { updateMappingRule(id: $id, change: $change, reason: $reason) { reapplied rule { ' +
  RULE_FIELDS +
  ' } } }';
const RETIRE =
  'mutation RetireRule($id: ID!, $reason: String!) { retireMappingRule(id: $id, reason: $reason) { reapplied rule { ' +
  RULE_FIELDS +
  ' } } }';

/** "MW: dac3 430 → coa:functional 0421, 100 %, all years" */
export function describeRule(rule) {
  return (
    (rule.country ? rule.country + ': ' : '') +
    rule.sourceScheme +
    ' ' +
    rule.sourceCode +
    ' → ' +
    rule.targetScheme +
    ' ' +
    rule.targetCode +
    ', ' +
    percent(rule.share) +
    ', ' +
    years(rule.validFrom ?? null, rule.validTo ?? null)
  );
}

const orNull = (text) => (text === '' || text === undefined ? null : text);

function announce(kind, result) {
  const verb = { create: 'created', update: 'changed (version ' + result.rule.version + ')', retire: 'retired' }[kind];
  say(
    'Rule ' +
      result.rule.id +
      ' ' +
      verb +
      ': ' +
      describeRule(result.rule) +
      '. ' +
      result.reapplied +
      ' activit' +
      (result.reapplied === 1 ? 'y' : 'ies') +
      ' re-applied.',
    'ok',
  );
  document.dispatchEvent(new CustomEvent('mappings-changed', { detail: { kind, rule: result.rule } }));
}

/** Wires a dialog's form: submit runs the change; a refusal stays in the dialog (role=alert). */
function wire(dialogId, what, submit) {
  const dialog = document.getElementById(dialogId);
  const form = dialog.querySelector('form');
  const error = form.querySelector('.form-error');
  dialog.querySelector('[data-close]').addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const given = values(form);
    if (!given.reason) {
      error.textContent = 'Say why: the reason is kept in the rule’s history.';
      form.elements.reason.focus();
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    error.textContent = '';
    say(what + '…', 'busy');
    try {
      await submit(given, dialog);
      dialog.close();
    } catch (failure) {
      error.textContent = explain(failure, what);
      error.scrollIntoView({ block: 'nearest' });
      say(explain(failure, what), 'error');
    } finally {
      button.disabled = false;
    }
  });
  return { dialog, form, error };
}

let create;
let edit;
let retire;

export function setUpRuleDialogs() {
  create = wire('rule-dialog', 'Creating the rule', async (given) => {
    const rule = {
      country: orNull(given.country.toUpperCase()),
      sourceScheme: given.sourceScheme,
      sourceCode: given.sourceCode,
      targetScheme: given.targetScheme,
      targetCode: given.targetCode,
      share: orNull(given.share),
      validFrom: orNull(given.validFrom),
      validTo: orNull(given.validTo),
    };
    const data = await graphql(CREATE, { rule, reason: given.reason });
    announce('create', data.createMappingRule);
  });
  edit = wire('edit-dialog', 'Changing the rule', async (given, dialog) => {
    const rule = dialog.rule;
    const change = {};
    if (given.targetCode !== rule.targetCode) change.targetCode = given.targetCode;
    if (given.share !== decimal(rule.share) && given.share !== rule.share) change.share = given.share;
    if (given.validFrom !== String(rule.validFrom ?? '')) change.validFrom = given.validFrom;
    if (given.validTo !== String(rule.validTo ?? '')) change.validTo = given.validTo;
    if (Object.keys(change).length === 0) throw new Error('nothing to change: the target code, share and years are as they were');
    const data = await graphql(UPDATE, { id: rule.id, change, reason: given.reason });
    announce('update', data.updateMappingRule);
  });
  retire = wire('retire-dialog', 'Retiring the rule', async (given, dialog) => {
    const data = await graphql(RETIRE, { id: dialog.rule.id, reason: given.reason });
    announce('retire', data.retireMappingRule);
  });
}

function open(parts, context, fields) {
  parts.form.reset();
  parts.error.textContent = '';
  for (const [name, value] of Object.entries(fields)) {
    if (parts.form.elements[name]) parts.form.elements[name].value = value ?? '';
  }
  parts.dialog.querySelector('[id$="-context"]').textContent = context;
  parts.dialog.showModal();
}

/** The new-rule dialog, prefilled (source scheme and code, country, target scheme) and explained by context. */
export function openCreateRule(prefill, context) {
  open(create, context || 'A rule places a share of the money classified by its source in one target code.', {
    share: '100',
    ...prefill,
  });
  const first = ['sourceScheme', 'sourceCode', 'targetScheme', 'targetCode'].find((name) => !create.form.elements[name].value);
  create.form.elements[first || 'reason'].focus();
}

export function openEditRule(rule) {
  edit.dialog.rule = rule;
  open(edit, 'Rule ' + rule.id + ', version ' + rule.version + ': ' + describeRule(rule), {
    targetCode: rule.targetCode,
    share: decimal(rule.share),
    validFrom: rule.validFrom ?? '',
    validTo: rule.validTo ?? '',
  });
}

export function openRetireRule(rule) {
  retire.dialog.rule = rule;
  open(
    retire,
    'Rule ' + rule.id + ', version ' + rule.version + ': ' + describeRule(rule) + '. It stops applying and stays in the history.',
    {},
  );
}
`;
