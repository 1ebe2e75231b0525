// The project metadata of the last scan this browser started, offered
// again on the next: the same client, project and people usually scan
// again. Kept in localStorage; a damaged or foreign value is ignored.

import { METADATA_FIELDS, type MetadataField } from "./draft";

const KEY = "cloudcensus:last-project-metadata";

export function rememberedMetadata(): Partial<Record<MetadataField, string>> {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? "null") as unknown;
    if (!v || typeof v !== "object") return {};
    const out: Partial<Record<MetadataField, string>> = {};
    for (const { field } of METADATA_FIELDS) {
      const x = (v as Record<string, unknown>)[field];
      if (typeof x === "string") out[field] = x;
    }
    return out;
  } catch {
    return {};
  }
}

/** Remembers what a scan was started with (the diagram is the scan's own and is not kept). */
export function rememberMetadata(m: Record<MetadataField, string>): void {
  const kept = Object.fromEntries(METADATA_FIELDS.map(({ field }) => [field, m[field].trim()]));
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(kept));
  } catch {
    // A browser that refuses storage simply starts empty next time.
  }
}
