CREATE TABLE "search_entries" (
	"account" text NOT NULL,
	"type" text NOT NULL,
	"job_id" text NOT NULL,
	"n" integer NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"outcome" text NOT NULL,
	"code" text,
	"field" text,
	"title" text,
	"detail" text,
	"count" integer DEFAULT 1 NOT NULL,
	"words" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "search_entries_pkey" PRIMARY KEY("account","type","job_id","n")
);
--> statement-breakpoint
CREATE INDEX "search_entries_by_key" ON "search_entries" USING btree ("account","kind","key","created_at" DESC NULLS FIRST,"type" DESC NULLS FIRST,"job_id" DESC NULLS FIRST,"n" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "search_entries_by_created" ON "search_entries" USING btree ("account","kind","created_at" DESC NULLS FIRST,"type" DESC NULLS FIRST,"job_id" DESC NULLS FIRST,"n" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "search_entries_words" ON "search_entries" USING gin ("words" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "jobs_by_id_prefix" ON "jobs" USING btree ("account","id" text_pattern_ops);