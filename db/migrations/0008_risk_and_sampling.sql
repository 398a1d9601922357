-- risk scores and inspection samples: integrity rules
select 1;
