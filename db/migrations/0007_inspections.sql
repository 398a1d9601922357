-- inspections: integrity rules
select 1;
