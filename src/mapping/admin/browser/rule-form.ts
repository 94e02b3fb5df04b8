/**
 * The three changes an admin makes to one rule — create, change (a new version), retire — each in
 * a dialog that asks for the reason, shows the hub's refusal inside the dialog, and on success
 * announces it and tells the page ("mappings-changed").
 */
import type { MappingRuleResultShape, MappingRuleShape } from '../graph-shapes.js';
import { explain, graphql, say } from './api.js';
import { byId, control, decimal, percent, values, years } from './dom.js';
import { announceChange, type MappingsChangedDetail } from './events.js';

export type MappingRule = MappingRuleShape;

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

/** What describes a rule: a rule, or a snapshot of one in its history (where years may be absent). */
export type RuleDescribed = Pick<MappingRule, 'country' | 'sourceScheme' | 'sourceCode' | 'targetScheme' | 'targetCode' | 'share'> &
  Partial<Pick<MappingRule, 'validFrom' | 'validTo'>>;

/** "MW: dac3 430 → coa:functional 0421, 100 %, all years" */
export function describeRule(rule: RuleDescribed): string {
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

const orNull = (text: string | undefined): string | null => (text === '' || text === undefined ? null : text);

type Change = Exclude<MappingsChangedDetail['kind'], 'sheet'>;

function announce(kind: Change, result: MappingRuleResultShape): void {
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
  announceChange({ kind, rule: result.rule });
}

/** A dialog, its form and where its form shows a refusal. */
interface DialogParts {
  readonly dialog: HTMLDialogElement;
  readonly form: HTMLFormElement;
  readonly error: Element;
}

function part<T extends Element>(root: ParentNode, selector: string, kind: abstract new () => T): T {
  const found = root.querySelector(selector);
  if (!(found instanceof kind)) throw new Error(`the page has no ${selector} there`);
  return found;
}

type Given = Partial<Record<string, string>>;

/** Wires a dialog's form: submit runs the change; a refusal stays in the dialog (role=alert). */
function wire(dialogId: string, what: string, submit: (given: Given) => Promise<void>): DialogParts {
  const dialog = byId(dialogId, HTMLDialogElement);
  const form = part(dialog, 'form', HTMLFormElement);
  const error = part(form, '.form-error', HTMLElement);
  part(dialog, '[data-close]', HTMLElement).addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const given = values(form);
    if (!given.reason) {
      error.textContent = 'Say why: the reason is kept in the rule’s history.';
      control(form, 'reason')?.focus();
      return;
    }
    const button = part(form, 'button[type="submit"]', HTMLButtonElement);
    button.disabled = true;
    error.textContent = '';
    say(what + '…', 'busy');
    try {
      await submit(given);
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

let create: DialogParts;
let edit: DialogParts;
let retire: DialogParts;
/** The rule the change or retire dialog is open for. */
let editing: MappingRule;
let retiring: MappingRule;

export function setUpRuleDialogs(): void {
  create = wire('rule-dialog', 'Creating the rule', async (given) => {
    const rule = {
      country: orNull((given.country ?? '').toUpperCase()),
      sourceScheme: given.sourceScheme,
      sourceCode: given.sourceCode,
      targetScheme: given.targetScheme,
      targetCode: given.targetCode,
      share: orNull(given.share),
      validFrom: orNull(given.validFrom),
      validTo: orNull(given.validTo),
    };
    const data = await graphql<{ createMappingRule: MappingRuleResultShape }>(CREATE, { rule, reason: given.reason });
    announce('create', data.createMappingRule);
  });
  edit = wire('edit-dialog', 'Changing the rule', async (given) => {
    const rule = editing;
    const change: Record<string, string | undefined> = {};
    if (given.targetCode !== rule.targetCode) change.targetCode = given.targetCode;
    if (given.share !== decimal(rule.share) && given.share !== rule.share) change.share = given.share;
    if (given.validFrom !== String(rule.validFrom ?? '')) change.validFrom = given.validFrom;
    if (given.validTo !== String(rule.validTo ?? '')) change.validTo = given.validTo;
    if (Object.keys(change).length === 0) throw new Error('nothing to change: the target code, share and years are as they were');
    const data = await graphql<{ updateMappingRule: MappingRuleResultShape }>(UPDATE, { id: rule.id, change, reason: given.reason });
    announce('update', data.updateMappingRule);
  });
  retire = wire('retire-dialog', 'Retiring the rule', async (given) => {
    const data = await graphql<{ retireMappingRule: MappingRuleResultShape }>(RETIRE, { id: retiring.id, reason: given.reason });
    announce('retire', data.retireMappingRule);
  });
}

function open(parts: DialogParts, context: string, fields: Readonly<Record<string, string | number | null | undefined>>): void {
  parts.form.reset();
  parts.error.textContent = '';
  for (const [name, value] of Object.entries(fields)) {
    const input = control(parts.form, name);
    if (input) input.value = String(value ?? '');
  }
  part(parts.dialog, '[id$="-context"]', HTMLElement).textContent = context;
  parts.dialog.showModal();
}

/** What the new-rule dialog starts with. */
export interface RulePrefill {
  readonly country?: string;
  readonly sourceScheme?: string | undefined;
  readonly sourceCode?: string | undefined;
  readonly targetScheme?: string | undefined;
  readonly targetCode?: string;
  readonly share?: string;
  readonly reason?: string;
}

/** The new-rule dialog, prefilled (source scheme and code, country, target scheme) and explained by context. */
export function openCreateRule(prefill: RulePrefill, context?: string): void {
  open(create, context || 'A rule places a share of the money classified by its source in one target code.', {
    share: '100',
    ...prefill,
  });
  const first = ['sourceScheme', 'sourceCode', 'targetScheme', 'targetCode'].find((name) => !control(create.form, name)?.value);
  control(create.form, first || 'reason')?.focus();
}

export function openEditRule(rule: MappingRule): void {
  editing = rule;
  open(edit, 'Rule ' + rule.id + ', version ' + rule.version + ': ' + describeRule(rule), {
    targetCode: rule.targetCode,
    share: decimal(rule.share),
    validFrom: rule.validFrom ?? '',
    validTo: rule.validTo ?? '',
  });
}

export function openRetireRule(rule: MappingRule): void {
  retiring = rule;
  open(
    retire,
    'Rule ' + rule.id + ', version ' + rule.version + ': ' + describeRule(rule) + '. It stops applying and stays in the history.',
    {},
  );
}
