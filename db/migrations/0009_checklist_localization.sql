-- checklist localization: integrity rules
select 1;
