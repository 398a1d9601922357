-- dashboard rollups (campaign_region_stats, campaign_item_stats, campaign_submission_days): triggers and backfill
select 1;
