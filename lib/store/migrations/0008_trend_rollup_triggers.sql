-- The trends' rollups follow every write to jobs: a row's old contribution out, its new one in.
CREATE FUNCTION trend_rollup_apply(acc text, job_type text, created timestamptz, sign integer, total integer, failed integer, errs jsonb) RETURNS void AS $$
DECLARE
  quarter timestamptz := date_bin('15 minutes', created, timestamptz '2000-01-01 00:00:00+00');
BEGIN
  INSERT INTO trend_buckets AS t (account, bucket, type, jobs, operations, failed)
  VALUES (acc, quarter, job_type, sign, sign * total, sign * failed)
  ON CONFLICT (account, bucket, type) DO UPDATE
    SET jobs = t.jobs + excluded.jobs, operations = t.operations + excluded.operations, failed = t.failed + excluded.failed;
  IF jsonb_typeof(errs) = 'array' AND jsonb_array_length(errs) > 0 THEN
    INSERT INTO trend_errors AS t (account, bucket, code, title, pointer, entries)
    SELECT acc, quarter, coalesce(e->>'code', ''), coalesce(e->>'title', ''),
      coalesce(regexp_replace(e->>'pointer', '^/data/(0|[1-9][0-9]{0,8})(/|$)', '/data/0\2'), ''), sign * count(*)
    FROM jsonb_array_elements(errs) AS e
    GROUP BY 3, 4, 5
    ON CONFLICT (account, bucket, code, title, pointer) DO UPDATE SET entries = t.entries + excluded.entries;
  END IF;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE FUNCTION trend_rollup_track() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM trend_rollup_apply(OLD.account, OLD.type, OLD.created_at, -1, OLD.total_count, OLD.failed_count, OLD.errors);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM trend_rollup_apply(NEW.account, NEW.type, NEW.created_at, 1, NEW.total_count, NEW.failed_count, NEW.errors);
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER jobs_trend_rollup_insert_delete AFTER INSERT OR DELETE ON jobs
  FOR EACH ROW EXECUTE FUNCTION trend_rollup_track();
--> statement-breakpoint
CREATE TRIGGER jobs_trend_rollup_update AFTER UPDATE ON jobs
  FOR EACH ROW WHEN (
    OLD.total_count IS DISTINCT FROM NEW.total_count OR OLD.failed_count IS DISTINCT FROM NEW.failed_count
    OR OLD.errors IS DISTINCT FROM NEW.errors OR OLD.created_at IS DISTINCT FROM NEW.created_at
    OR OLD.type IS DISTINCT FROM NEW.type OR OLD.account IS DISTINCT FROM NEW.account
  ) EXECUTE FUNCTION trend_rollup_track();
--> statement-breakpoint
-- The jobs already stored, once.
INSERT INTO trend_buckets (account, bucket, type, jobs, operations, failed)
SELECT account, date_bin('15 minutes', created_at, timestamptz '2000-01-01 00:00:00+00'), type, count(*), sum(total_count), sum(failed_count)
FROM jobs
GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO trend_errors (account, bucket, code, title, pointer, entries)
SELECT j.account, date_bin('15 minutes', j.created_at, timestamptz '2000-01-01 00:00:00+00'), coalesce(e->>'code', ''), coalesce(e->>'title', ''),
  coalesce(regexp_replace(e->>'pointer', '^/data/(0|[1-9][0-9]{0,8})(/|$)', '/data/0\2'), ''), count(*)
FROM jobs AS j CROSS JOIN LATERAL jsonb_array_elements(j.errors) AS e
WHERE jsonb_typeof(j.errors) = 'array' AND jsonb_array_length(j.errors) > 0
GROUP BY 1, 2, 3, 4, 5;
