import FundLedger
