/**
 * The analyst's question this hub exists for, as one query (README, "The analyst's one query"):
 * for the social-protection vote's cash-transfer line (programme 320-04 of vote 320) in FY 2025/26,
 * approved and paid, the donor activities mapped to it with disbursements in MWK, the programmes
 * it funds and their payments by district in FY 2025/26 (the demo registry runs to September 2025).
 */
export const ANALYST_QUERY = `{
  coaCode(country: "MW", segment: "programme", code: "320-04") {
    code
    name
    budget(fiscalYears: ["2025/26"]) {
      fiscalYear
      currency
      lines
      amounts {
        approved
        paid
      }
    }
    aid(fiscalYears: ["2025/26"], currency: "MWK") {
      fiscalYear
      aid {
        disbursed {
          total
          onBudget
        }
      }
      activities {
        activity {
          iatiIdentifier
          title
        }
        code
        share
        amounts {
          disbursed {
            transaction {
              amount
              currency
            }
            presented {
              amount
              currency
              rate
            }
          }
        }
      }
    }
    programmes {
      code
      name
      statistics(measure: PAYMENTS, by: [AREA], from: "2025-04-01", to: "2025-09-30") {
        exact
        cells {
          area
          areaName
          count
          amount
        }
        totals {
          count
          amount
        }
      }
    }
  }
}`;
