CREATE TABLE "job_changes" (
	"account" text NOT NULL,
	"type" text NOT NULL,
	"id" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"completed_count" integer NOT NULL,
	"failed_count" integer NOT NULL,
	CONSTRAINT "job_changes_pkey" PRIMARY KEY("account","type","id","observed_at")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"account" text NOT NULL,
	"type" text NOT NULL,
	"id" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"total_count" integer NOT NULL,
	"completed_count" integer NOT NULL,
	"failed_count" integer NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"related_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"included" jsonb,
	"included_at" timestamp with time zone,
	"observed_at" timestamp with time zone NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"gone_at" timestamp with time zone,
	"pinned" boolean DEFAULT false NOT NULL,
	CONSTRAINT "jobs_pkey" PRIMARY KEY("account","type","id")
);
--> statement-breakpoint
CREATE TABLE "store_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "jobs_by_type_status" ON "jobs" USING btree ("account","type","status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "jobs_by_type" ON "jobs" USING btree ("account","type","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "jobs_by_created" ON "jobs" USING btree ("account","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "jobs_unfinished" ON "jobs" USING btree ("account","type") WHERE "jobs"."status" in ('queued', 'processing');