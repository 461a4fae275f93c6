DROP INDEX "executions_org_workflow_idx";--> statement-breakpoint
DROP INDEX "executions_org_status_idx";--> statement-breakpoint
CREATE INDEX "executions_org_workflow_started_idx" ON "executions" USING btree ("org_id","workflow_id","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "executions_org_status_started_idx" ON "executions" USING btree ("org_id","status","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);