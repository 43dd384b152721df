ALTER TABLE "alert_changes" ADD COLUMN "account" text;--> statement-breakpoint
ALTER TABLE "alert_channels" ADD COLUMN "account" text;--> statement-breakpoint
ALTER TABLE "alert_events" ADD COLUMN "account" text;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD COLUMN "account" text;--> statement-breakpoint
CREATE INDEX "alert_changes_by_account" ON "alert_changes" USING btree ("account","at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "alert_changes_unowned" ON "alert_changes" USING btree ("id") WHERE "alert_changes"."account" is null;--> statement-breakpoint
CREATE INDEX "alert_channels_unowned" ON "alert_channels" USING btree ("id") WHERE "alert_channels"."account" is null;--> statement-breakpoint
CREATE INDEX "alert_events_by_account" ON "alert_events" USING btree ("account","decided_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "alert_events_unowned" ON "alert_events" USING btree ("id") WHERE "alert_events"."account" is null;--> statement-breakpoint
CREATE INDEX "alert_rules_by_account" ON "alert_rules" USING btree ("account","created_at");--> statement-breakpoint
CREATE INDEX "alert_rules_unowned" ON "alert_rules" USING btree ("id") WHERE "alert_rules"."account" is null;