-- 0007 · trial_balance closes the result accounts at every year end (Kommun-Bas practice).
--
-- Income-statement accounts (disbursements 4690, accrued repayments 3590: `Account.isResultAccount`)
-- start every fiscal year at zero; the year's result (their movements together) closes to the fund's
-- capital (2081), which therefore opens each year with every earlier year's result. Balance-sheet
-- accounts carry over as before. Same columns as 0005, so BI queries keep working; each (fund, year)
-- still has openings and closings that sum to zero and equal debits and credits. A fund that has
-- result postings always shows its capital account, so the result has somewhere to close to.
CREATE OR REPLACE VIEW read_models.trial_balance AS
WITH movements AS (
    SELECT fund_id, fiscal_year, account_number,
           coalesce(sum(amount_ore) FILTER (WHERE amount_ore > 0), 0) AS debit_ore,
           coalesce(-sum(amount_ore) FILTER (WHERE amount_ore < 0), 0) AS credit_ore,
           sum(amount_ore) AS movement_ore
    FROM read_models.postings
    GROUP BY fund_id, fiscal_year, account_number
),
years AS (
    SELECT fund_id, generate_series(min(fiscal_year), max(fiscal_year)) AS fiscal_year
    FROM read_models.postings GROUP BY fund_id
),
accounts AS (
    SELECT DISTINCT fund_id, account_number, account, currency FROM read_models.postings
    UNION
    SELECT DISTINCT p.fund_id, '2081', 'fund_capital', p.currency FROM read_models.postings p
    WHERE NOT EXISTS (SELECT 1 FROM read_models.postings c WHERE c.fund_id = p.fund_id AND c.account = 'fund_capital')
),
grid AS (
    SELECT y.fund_id, y.fiscal_year, a.account_number, a.account, a.currency,
           a.account IN ('disbursements', 'accrued_repayments') AS is_result,
           coalesce(m.debit_ore, 0) AS debit_ore, coalesce(m.credit_ore, 0) AS credit_ore,
           coalesce(m.movement_ore, 0) AS movement_ore
    FROM years y
    JOIN accounts a ON a.fund_id = y.fund_id
    LEFT JOIN movements m ON m.fund_id = y.fund_id AND m.fiscal_year = y.fiscal_year AND m.account_number = a.account_number
),
results AS (
    -- Each fund-year's result (debit positive: a loss), and the sum of all earlier years' results.
    SELECT fund_id, fiscal_year,
           coalesce(sum(sum(movement_ore) FILTER (WHERE is_result)) OVER (
               PARTITION BY fund_id ORDER BY fiscal_year ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS earlier_results_ore
    FROM grid GROUP BY fund_id, fiscal_year
),
opened AS (
    SELECT g.*,
           CASE WHEN g.is_result THEN 0
                ELSE sum(g.movement_ore) OVER earlier - g.movement_ore
                     + CASE WHEN g.account = 'fund_capital' THEN r.earlier_results_ore ELSE 0 END
           END AS opening_ore
    FROM grid g
    JOIN results r ON r.fund_id = g.fund_id AND r.fiscal_year = g.fiscal_year
    WINDOW earlier AS (PARTITION BY g.fund_id, g.account_number ORDER BY g.fiscal_year
                       ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT fund_id, fiscal_year, account_number, account, currency,
       opening_ore,
       debit_ore,
       credit_ore,
       opening_ore + movement_ore AS closing_ore
FROM opened;

GRANT SELECT ON read_models.trial_balance TO fundledger_writer, fundledger_auditor;
