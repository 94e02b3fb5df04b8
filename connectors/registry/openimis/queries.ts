/**
 * The GraphQL documents the pull sends, one per openIMIS entity. Each reads one page of a relay
 * connection (`first`/`after`) with graphene-django's filter arguments: `dateUpdated_Gte` (null =
 * everything; django-filter ignores an empty filter) and `isDeleted` (false for the records, true
 * for the deletions). Field and argument names are openIMIS's (see the report's sources); `jsonExt`
 * fields the hub reads are noted in normalise.ts.
 */
export interface EntityQuery {
  /** The entity as problems and errors name it (`openimis:<entity>`). */
  readonly entity: string;
  /** The query field holding the connection. */
  readonly field: string;
  readonly document: string;
}

const PAGE = '$first: Int, $after: String';
const STAMPED = 'uuid dateUpdated isDeleted';

function connection(entity: string, field: string, variables: string, args: string, node: string): EntityQuery {
  const document = `query ${entity}Page(${PAGE}${variables ? `, ${variables}` : ''}) {
  ${field}(first: $first, after: $after${args ? `, ${args}` : ''}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ${node} } }
  }
}`;
  return { entity, field, document };
}

const CHANGED = ['$since: DateTime, $deleted: Boolean', 'dateUpdated_Gte: $since, isDeleted: $deleted'] as const;

/** Locations have no update stamp (a VersionedModel): the whole tree is read each time; it is small. */
export const LOCATIONS = connection('Location', 'locations', '', '', 'uuid code name type parent { uuid code }');

export const BENEFIT_PLANS = connection(
  'BenefitPlan',
  'benefitPlan',
  ...CHANGED,
  `${STAMPED} code name type ceilingPerBeneficiary jsonExt`,
);

export const INDIVIDUALS = connection(
  'Individual',
  'individual',
  ...CHANGED,
  `${STAMPED} firstName lastName dob jsonExt location { code }`,
);

export const GROUPS = connection('Group', 'group', ...CHANGED, `${STAMPED} code jsonExt location { code }`);

const MEMBER = `${STAMPED} group { uuid } individual { uuid } role recipientType`;
export const GROUP_INDIVIDUALS = connection('GroupIndividual', 'groupIndividual', ...CHANGED, MEMBER);

/** Every current member of one group: the pull replaces a household's members whole. */
export const GROUP_MEMBERS = connection('GroupIndividual', 'groupIndividual', '$group: UUID', 'group_Id: $group, isDeleted: false', MEMBER);

const ENROLMENT = `${STAMPED} benefitPlan { code } status dateValidFrom dateValidTo`;
export const BENEFICIARIES = connection('Beneficiary', 'beneficiary', ...CHANGED, `${ENROLMENT} individual { uuid }`);
export const GROUP_BENEFICIARIES = connection('GroupBeneficiary', 'groupBeneficiary', ...CHANGED, `${ENROLMENT} group { uuid }`);

/**
 * Benefits through their payroll link, filtered on the benefit's own stamp and deletion
 * (graphene-django's `benefit__` filter prefix), so a changed benefit comes with its payroll.
 */
export const PAYROLL_BENEFITS = connection(
  'BenefitConsumption',
  'payrollBenefitConsumption',
  '$since: DateTime, $deleted: Boolean',
  'benefit_DateUpdated_Gte: $since, benefit_IsDeleted: $deleted',
  `id
      payroll { uuid name status benefitPlan { code } paymentCycle { code startDate } paymentPoint { name } paymentMethod }
      benefit { ${STAMPED} code individual { uuid } amount receipt dateDue status jsonExt }`,
);

export const TICKETS = connection(
  'Ticket',
  'tickets',
  ...CHANGED,
  `${STAMPED} code category channel priority status dateOfIncident dateCreated jsonExt`,
);

export const TOKEN_AUTH = `mutation TokenAuth($username: String!, $password: String!) {
  tokenAuth(username: $username, password: $password) { token refreshExpiresIn }
}`;
