CREATE TABLE "in_progress_samples" (
	"account" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"peak" integer NOT NULL,
	CONSTRAINT "in_progress_samples_pkey" PRIMARY KEY("account","minute")
);
