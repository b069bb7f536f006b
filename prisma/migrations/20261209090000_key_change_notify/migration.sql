-- Issue 15, list reads: the API replicas keep key lookups in memory (API_KEY_CACHE, now on by
-- default). Sieve's own writers tell them of every change over Redis and wait for their acks;
-- these triggers tell them too, from the database itself, of every change a key lookup would
-- see however it was made: SQL by hand, or a writer that could not reach Redis. A NOTIFY is
-- delivered at commit to every connection listening on the channel
-- (packages/core/src/auth/key-change-feed.ts). Payloads name ids only, never digests.
-- last_used_at, name and the other columns a lookup does not return change nothing here.

CREATE FUNCTION notify_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sieve_key_changes', json_build_object(
    CASE TG_TABLE_NAME WHEN 'api_keys' THEN 'keyIds' ELSE 'accountIds' END,
    json_build_array(OLD.id))::text);
  RETURN NULL;
END $$;

CREATE TRIGGER api_keys_notify_key_change
  AFTER UPDATE OF digest, account_id, revoked_at, expires_at OR DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION notify_key_change();

CREATE TRIGGER accounts_notify_key_change
  AFTER UPDATE OF role, status, premium_until OR DELETE ON accounts
  FOR EACH ROW EXECUTE FUNCTION notify_key_change();
