/**
 * A catalog item, variant or category as the job's `included` shows it. Merchant data is hostile by
 * assumption: every value renders as text (React escapes it; <bdi> keeps right-to-left overrides from
 * flipping the page around it), only http(s) URLs become links and only https images load.
 */
import { focusRing } from "@/components/ui/focus-ring";
import type { CatalogResource } from "@/lib/types";
import { safeImageUrl, safeLinkUrl } from "./safe-url";

// Built on first use: a tab's first Intl formatter costs 40-60 ms, and categories have no price.
let price: Intl.NumberFormat | undefined;

export function formatPrice(value: number | null): string {
  return value === null
    ? "—"
    : (price ??= new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })).format(value);
}

export function ResourceName({
  resource,
  id,
  compact = false,
}: {
  resource: CatalogResource | null;
  id: string | null;
  compact?: boolean;
}) {
  const title = resource?.title;
  return (
    <span className="block min-w-0">
      <span
        className={`block font-medium wrap-anywhere ${compact ? "line-clamp-2 text-sm" : "line-clamp-2"}`}
        title={title ?? undefined}
      >
        {title ? <bdi>{title}</bdi> : <span className="text-ink-muted">(no title)</span>}
      </span>
      <span className="block font-mono text-xs text-ink-muted wrap-anywhere">
        <bdi>{resource?.externalId ?? id ?? ""}</bdi>
      </span>
    </span>
  );
}

export function Thumbnail({ resource }: { resource: CatalogResource | null }) {
  const src = safeImageUrl(resource?.imageUrl);
  if (!src) {
    return (
      <span
        aria-hidden
        className="flex h-12 w-12 shrink-0 items-center justify-center rounded border border-line bg-surface-muted text-[10px] text-ink-muted"
      >
        no image
      </span>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- merchant CDNs are arbitrary hosts; next/image would need each one allow-listed
    <img
      src={src}
      alt={resource?.title ? `Image of ${resource.title.slice(0, 80)}` : "Catalog image"}
      width={48}
      height={48}
      loading="lazy"
      decoding="async"
      referrerPolicy="no-referrer"
      className="h-12 w-12 shrink-0 overflow-hidden rounded border border-line bg-surface-muted object-cover text-[0px]"
    />
  );
}

/** A link when the URL is http(s); otherwise the raw value as inert text, flagged. */
export function CatalogUrl({ url }: { url: string | null }) {
  if (!url) return <span className="text-ink-muted">—</span>;
  const href = safeLinkUrl(url);
  if (!href) {
    return (
      <span className="wrap-anywhere">
        <code className="font-mono text-xs">
          <bdi>{url.slice(0, 300)}</bdi>
        </code>{" "}
        <span className="text-xs text-danger">(not a web link, not opened)</span>
      </span>
    );
  }
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer nofollow"
      referrerPolicy="no-referrer"
      className={`text-accent underline underline-offset-2 wrap-anywhere ${focusRing}`}
    >
      <bdi>{href.length > 80 ? `${href.slice(0, 77)}…` : href}</bdi>
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] tracking-wide text-ink-muted uppercase">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

/** The attributes worth scanning, in one row. Categories have only a name and an external id. */
export function ResourceFacts({ resource }: { resource: CatalogResource }) {
  const isCategory = resource.type === "catalog-category";
  return (
    <dl className="mt-1 grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4">
      {!isCategory ? (
        <Fact label="Price">
          <span className="tabular-nums">{formatPrice(resource.price)}</span>
        </Fact>
      ) : null}
      {!isCategory ? (
        <Fact label="Published">{resource.published === null ? "—" : resource.published ? "Yes" : "No"}</Fact>
      ) : null}
      {resource.sku !== null ? (
        <Fact label="SKU">
          <code className="font-mono text-xs wrap-anywhere">
            <bdi>{resource.sku}</bdi>
          </code>
        </Fact>
      ) : null}
      {resource.inventoryQuantity !== null ? (
        <Fact label="Inventory">
          <span className="tabular-nums">{resource.inventoryQuantity}</span>
        </Fact>
      ) : null}
      {!isCategory ? (
        <Fact label="URL">
          <CatalogUrl url={resource.url} />
        </Fact>
      ) : null}
    </dl>
  );
}

/** Description and custom metadata, closed by default: they can be very long. */
export function ResourceDetails({ resource }: { resource: CatalogResource }) {
  const metadata = resource.customMetadata ? JSON.stringify(resource.customMetadata, null, 2) : null;
  if (resource.description === null && metadata === null && resource.type === "catalog-category") return null;
  return (
    <details className="group mt-2 text-sm">
      <summary className={`cursor-pointer rounded text-accent select-none hover:underline ${focusRing}`}>
        Description and custom metadata
      </summary>
      <div className="mt-2 grid gap-3 md:grid-cols-2">
        <div className="min-w-0">
          <h4 className="text-xs tracking-wide text-ink-muted uppercase">Description</h4>
          {resource.description ? (
            <p
              tabIndex={0}
              className={`mt-1 max-h-48 overflow-auto rounded border border-line p-2 whitespace-pre-wrap wrap-anywhere ${focusRing}`}
            >
              <bdi>{resource.description}</bdi>
            </p>
          ) : (
            <p className="mt-1 text-ink-muted">None</p>
          )}
        </div>
        <div className="min-w-0">
          <h4 className="text-xs tracking-wide text-ink-muted uppercase">Custom metadata</h4>
          {metadata ? (
            <pre
              tabIndex={0}
              className={`mt-1 max-h-48 overflow-auto rounded border border-line bg-surface-muted p-2 font-mono text-xs ${focusRing}`}
            >
              {metadata}
            </pre>
          ) : (
            <p className="mt-1 text-ink-muted">None</p>
          )}
        </div>
        <p className="font-mono text-xs text-ink-muted wrap-anywhere md:col-span-2">
          id <bdi>{resource.id}</bdi>
          {resource.updated ? <> · updated {resource.updated}</> : null}
        </p>
      </div>
    </details>
  );
}
