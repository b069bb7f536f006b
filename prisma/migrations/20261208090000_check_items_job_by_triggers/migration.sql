-- Issue 15, the 202 for 100,000 lines: the foreign key from check_items to check_jobs ran one
-- check (a SELECT … FOR KEY SHARE) per inserted row, half of PostgreSQL's time in the COPY of a
-- job's items. The same guarantees now come from triggers that work per statement:
--   * an insert of items checks once that their jobs exist and locks those jobs FOR KEY SHARE
--     until commit, as the key did, so a job cannot be deleted under items being added to it;
--   * deleting a job deletes its items (the key's ON DELETE CASCADE, which account deletion
--     reaches through check_jobs' own key to accounts);
--   * a job's id and an item's job_id never change (the key's ON UPDATE CASCADE had nothing to do).
-- schema.prisma models the two tables without a relation: Prisma does not see triggers.

-- DropForeignKey
ALTER TABLE "check_items" DROP CONSTRAINT "check_items_job_id_fkey";

CREATE FUNCTION check_items_need_their_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  wanted uuid[] := ARRAY(SELECT DISTINCT job_id FROM inserted_items);
  locked uuid[];
  missing uuid;
BEGIN
  -- Locked first and counted after: a job whose delete commits while we wait for its lock is not
  -- returned, so it counts as missing, as the key would have found it.
  locked := ARRAY(SELECT id FROM check_jobs WHERE id = ANY (wanted) FOR KEY SHARE);
  IF cardinality(locked) < cardinality(wanted) THEN
    SELECT job_id INTO missing FROM unnest(wanted) AS job_id WHERE job_id <> ALL (locked) LIMIT 1;
    RAISE foreign_key_violation USING
      MESSAGE = format('insert into check_items: job %s is not in check_jobs', missing);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER check_items_need_their_jobs AFTER INSERT ON check_items
  REFERENCING NEW TABLE AS inserted_items
  FOR EACH STATEMENT EXECUTE FUNCTION check_items_need_their_jobs();

CREATE FUNCTION check_jobs_take_their_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM check_items WHERE job_id = OLD.id;
  RETURN NULL;
END $$;

CREATE TRIGGER check_jobs_take_their_items AFTER DELETE ON check_jobs
  FOR EACH ROW EXECUTE FUNCTION check_jobs_take_their_items();

CREATE FUNCTION check_job_links_are_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE foreign_key_violation USING
    MESSAGE = format('%s: a check job''s id and its items'' job_id never change', TG_TABLE_NAME);
END $$;

CREATE TRIGGER check_jobs_id_is_fixed BEFORE UPDATE OF id ON check_jobs
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION check_job_links_are_fixed();

CREATE TRIGGER check_items_job_id_is_fixed BEFORE UPDATE OF job_id ON check_items
  FOR EACH ROW WHEN (OLD.job_id IS DISTINCT FROM NEW.job_id) EXECUTE FUNCTION check_job_links_are_fixed();
