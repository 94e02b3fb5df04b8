import type { renderGraphiQL } from '@graphql-yoga/render-graphiql';

/**
 * What GraphiQL opens on when the browser has no tabs of its own stored: a named tributary query
 * (GraphiQL titles a tab by its operation's name; its stock comment gave "might") that the demo's
 * data answers, and a word on where the others are.
 */
export const GRAPHIQL_DEFAULT_QUERY = `# tributary: aid (IATI), public finance and social-protection data in one graph.
# Run this query with the ▶ button (Ctrl-Enter). The Docs pane lists every type and field;
# the README's "Example queries" has one for each kind of question.
query AidToMalawi {
  activities(first: 5, filter: { recipientCountry: ["MW"] }, orderBy: { field: START_DATE, direction: DESC }) {
    totalCount
    nodes {
      iatiIdentifier
      title
      reportingOrg {
        name
      }
      dates {
        start
        end
      }
      transactionTotals {
        type
        currency
        value
      }
    }
  }
}
`;

export const GRAPHIQL_OPTIONS = {
  title: 'tributary',
  defaultQuery: GRAPHIQL_DEFAULT_QUERY,
} satisfies Parameters<typeof renderGraphiQL>[0];
