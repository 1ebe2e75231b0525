// The region codes a task may select. Copied from the backend's list in
// functions/internal/spec/regions.go (spec.Regions()); the API contract has
// no endpoint for it. Keep the two in step: the backend answers 400
// VALIDATION_ERROR (field "regions") for a code it does not know.

export const REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  "af-south-1",
  "ap-east-1", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2",
  "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
  "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
  "ca-central-1", "ca-west-1",
  "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3",
  "eu-south-1", "eu-south-2", "eu-north-1",
  "il-central-1", "me-south-1", "me-central-1",
  "mx-central-1", "sa-east-1",
] as const;

/** The region global services are recorded under (spec.GlobalRegion). */
export const GLOBAL_REGION = "us-east-1";

const areas: Record<string, string> = {
  us: "United States",
  ca: "Canada",
  mx: "Mexico",
  sa: "South America",
  eu: "Europe",
  il: "Israel",
  me: "Middle East",
  af: "Africa",
  ap: "Asia Pacific",
};

/** The area a region code belongs to, from its prefix. */
export function regionArea(code: string): string {
  return areas[code.split("-")[0] ?? ""] ?? "Other";
}

export function isRegion(code: string): boolean {
  return (REGIONS as readonly string[]).includes(code);
}
