CREATE OR REPLACE VIEW rich_accounts AS SELECT owner, balance FROM accounts WHERE balance > 100;
