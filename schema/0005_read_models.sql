-- 0005 · Read models: the ledger's state as plain SQL tables for finance staff and BI tools.
--
-- Everything in schema read_models is derived from event_store.events by `fundledger project` /
-- `fundledger replay` and can be dropped and rebuilt at any time; the log stays the only source of truth.
-- Each projection commits its checkpoint in the same transaction as its rows, so a crash never applies an
-- event twice or skips one. docs/read-models.md documents every column as a stable interface.
-- Amounts are integer öre (minor units) with the fund's currency; never floating point.

CREATE SCHEMA read_models;

-- Where each projection has got to, and which version of its code wrote the rows.
CREATE TABLE read_models.projection_checkpoints (
    projection   text        PRIMARY KEY,
    code_version integer     NOT NULL CHECK (code_version > 0),
    position     bigint      NOT NULL CHECK (position >= 0),
    hash         text        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Projection "balances" ------------------------------------------------------------------------------

CREATE TABLE read_models.funds (
    fund_id          text    PRIMARY KEY,
    organisation_id  text    NOT NULL,
    name             text    NOT NULL,
    currency         text    NOT NULL,
    contributed_ore  bigint  NOT NULL,
    withdrawn_ore    bigint  NOT NULL,
    capital_ore      bigint  NOT NULL,  -- contributed − withdrawn
    granted_ore      bigint  NOT NULL,  -- granted on decisions that stand (decided or closed initiatives)
    disbursed_ore    bigint  NOT NULL,
    repaid_ore       bigint  NOT NULL,
    committed_ore    bigint  NOT NULL,  -- granted − disbursed on open decisions
    balance_ore      bigint  NOT NULL,  -- contributed − withdrawn − disbursed + repaid
    uncommitted_ore  bigint  NOT NULL,  -- balance − committed
    initiatives      integer NOT NULL
);

CREATE TABLE read_models.initiatives (
    fund_id                    text   NOT NULL,
    initiative_id              text   NOT NULL,
    title                      text   NOT NULL,
    status                     text   NOT NULL,  -- applied | decided | rejected | revoked | closed
    closing_outcome            text,             -- completed | discontinued | implemented_in_regular_operations
    currency                   text   NOT NULL,
    granted_ore                bigint NOT NULL,
    disbursed_ore              bigint NOT NULL,
    remaining_ore              bigint NOT NULL,  -- committed: granted − disbursed while the decision is open
    co_financing_ore           bigint NOT NULL,
    realised_savings_ore       bigint NOT NULL,
    repayments_due_ore         bigint NOT NULL,
    repayments_received_ore    bigint NOT NULL,
    repayments_waived_ore      bigint NOT NULL,
    repayments_outstanding_ore bigint NOT NULL,  -- due − received − waived
    PRIMARY KEY (fund_id, initiative_id)
);

CREATE TABLE read_models.department_flows (
    fund_id        text   NOT NULL,
    department     text   NOT NULL,
    currency       text   NOT NULL,
    invested_ore   bigint NOT NULL,  -- disbursed to the department
    saved_ore      bigint NOT NULL,  -- realised savings arising in (or attributed to) the department
    due_ore        bigint NOT NULL,  -- repayments the department owes under the repayment terms
    repaid_ore     bigint NOT NULL,
    net_ore        bigint NOT NULL,  -- invested − repaid: what the department has drawn from the fund, net
    PRIMARY KEY (fund_id, department)
);

CREATE TABLE read_models.department_pair_flows (
    fund_id               text    NOT NULL,
    investing_department  text    NOT NULL,
    saving_department     text    NOT NULL,
    currency              text    NOT NULL,
    saved_ore             bigint  NOT NULL,  -- savings, shared over investors by their share of disbursements
    repaid_ore            bigint  NOT NULL,  -- repayments, shared the same way
    initiatives           integer NOT NULL,
    PRIMARY KEY (fund_id, investing_department, saving_department)
);

-- Projection "postings" ------------------------------------------------------------------------------

CREATE TABLE read_models.postings (
    global_position bigint  NOT NULL,
    line            integer NOT NULL,
    event_id        uuid    NOT NULL,
    event_type      text    NOT NULL,
    fund_id         text    NOT NULL,
    effective_date  date    NOT NULL,
    fiscal_year     integer NOT NULL,
    account         text    NOT NULL,
    account_number  text    NOT NULL,
    department      text,
    initiative_id   text,
    amount_ore      bigint  NOT NULL,  -- debit positive, credit negative
    currency        text    NOT NULL,
    rules_version   integer NOT NULL,
    PRIMARY KEY (global_position, line)
);
CREATE INDEX postings_fund_date ON read_models.postings (fund_id, effective_date);

-- Balance per fund, fiscal year (the calendar year of the effective date) and account: opening, debits,
-- credits, closing. Every account the fund has used appears in every year from its first to its last, so a
-- year without movements still shows its balances. Each (fund, year): opening and closing sum to zero over the
-- accounts, and total debits equal total credits.
CREATE VIEW read_models.trial_balance AS
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
),
grid AS (
    SELECT y.fund_id, y.fiscal_year, a.account_number, a.account, a.currency,
           coalesce(m.debit_ore, 0) AS debit_ore, coalesce(m.credit_ore, 0) AS credit_ore,
           coalesce(m.movement_ore, 0) AS movement_ore
    FROM years y
    JOIN accounts a ON a.fund_id = y.fund_id
    LEFT JOIN movements m ON m.fund_id = y.fund_id AND m.fiscal_year = y.fiscal_year AND m.account_number = a.account_number
)
SELECT fund_id, fiscal_year, account_number, account, currency,
       sum(movement_ore) OVER earlier - movement_ore AS opening_ore,
       debit_ore,
       credit_ore,
       sum(movement_ore) OVER earlier AS closing_ore
FROM grid
WINDOW earlier AS (PARTITION BY fund_id, account_number ORDER BY fiscal_year
                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);

-- Who may read and write them: the projector writes (as the writer role), auditors and BI tools read.
REVOKE ALL ON SCHEMA read_models FROM PUBLIC;
GRANT USAGE ON SCHEMA read_models TO fundledger_writer, fundledger_auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA read_models TO fundledger_writer, fundledger_auditor;
GRANT INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA read_models TO fundledger_writer;
