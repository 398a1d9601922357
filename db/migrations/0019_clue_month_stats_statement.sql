-- The monthly clue rollups (clue_month_stats, migration 0015) kept by statement-level triggers
-- with transition tables, as the dashboards' rollups are (docs/decisions/009): a batch import
-- that inserts 100,000 clues, or a dispatch that updates them, does one grouped upsert instead
-- of one per row. The counts are the same: a clue is received in the Beijing month it was
-- registered, and closed in the month it was closed, under its subject region.
DROP TRIGGER "clues_month_stats" ON "clues";
--> statement-breakpoint
DROP FUNCTION "clue_month_stats_apply"();
--> statement-breakpoint
CREATE FUNCTION "clue_month_stats_received"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO clue_month_stats AS s (province_code, region_code, month, received)
  SELECT n.province_code, n.subject_region_code, date_trunc('month', n.created_at AT TIME ZONE 'Asia/Shanghai')::date, count(*)::int
  FROM new_rows n
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ON CONFLICT (province_code, region_code, month) DO UPDATE SET received = s.received + excluded.received;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "clue_month_stats_closed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO clue_month_stats AS s (province_code, region_code, month, closed, confirmed, recovered_fen, penalty_fen, transfers)
  SELECT n.province_code, n.subject_region_code, date_trunc('month', n.closed_at AT TIME ZONE 'Asia/Shanghai')::date, count(*)::int,
         count(*) FILTER (WHERE n.result = 'confirmed')::int, coalesce(sum(n.recovered_fen), 0), coalesce(sum(n.penalty_fen), 0),
         count(*) FILTER (WHERE n.transfer_target IS NOT NULL)::int
  FROM new_rows n
  JOIN old_rows o ON o.id = n.id
  WHERE n.status = 'closed' AND o.status <> 'closed'
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ON CONFLICT (province_code, region_code, month) DO UPDATE SET
    closed = s.closed + excluded.closed,
    confirmed = s.confirmed + excluded.confirmed,
    recovered_fen = s.recovered_fen + excluded.recovered_fen,
    penalty_fen = s.penalty_fen + excluded.penalty_fen,
    transfers = s.transfers + excluded.transfers;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "clues_month_stats_insert" AFTER INSERT ON "clues"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "clue_month_stats_received"();
--> statement-breakpoint
-- Transition tables cannot go with a column list (UPDATE OF status): every update statement
-- runs it, and the join finds the few rows that became closed.
CREATE TRIGGER "clues_month_stats_update" AFTER UPDATE ON "clues"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "clue_month_stats_closed"();
