-- roster imports and invitations: integrity rules
select 1;
