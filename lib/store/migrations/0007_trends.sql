CREATE TABLE "in_progress_samples" (
	"account" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"peak" integer NOT NULL,
	CONSTRAINT "in_progress_samples_pkey" PRIMARY KEY("account","bucket")
);
--> statement-breakpoint
CREATE TABLE "trend_buckets" (
	"account" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"jobs" integer NOT NULL,
	"operations" integer NOT NULL,
	"failed" integer NOT NULL,
	CONSTRAINT "trend_buckets_pkey" PRIMARY KEY("account","bucket","type")
);
--> statement-breakpoint
CREATE TABLE "trend_errors" (
	"account" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"pointer" text NOT NULL,
	"entries" integer NOT NULL,
	CONSTRAINT "trend_errors_pkey" PRIMARY KEY("account","bucket","code","title","pointer")
);
