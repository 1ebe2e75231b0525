import { describe, expect, it } from "vitest";
import { emptyDraft, everyAccount, firstInvalidStep, localField, stepOfField, stillInvalid, toRequest, validateStep, type Draft } from "./draft";
import { regionLabel, regionName } from "./regions";
import { rememberedMetadata, rememberMetadata } from "./remembered";

function complete(): Draft {
  return {
    ...emptyDraft(),
    name: " Quarterly ",
    credentialIds: ["c1"],
    regions: ["us-east-1", "eu-west-1"],
    metadata: { clientName: "Ex", projectName: "LZ", bdManager: "B", solutionsArchitect: "S", cloudEngineer: "C", cloudEngineerEmail: "c@example.com" },
  };
}

describe("wizard steps", () => {
  it.each([
    ["no name", 0, { name: "" }, "name"],
    ["a name too long", 0, { name: "x".repeat(129) }, "name"],
    ["no credential", 0, { credentialIds: [] }, "credentialIds"],
    ["no region", 1, { regions: [] }, "regions"],
    ["an unknown region", 1, { regions: ["mars-1"] }, "regions"],
    ["no OU in OU scope", 1, { organization: { ...everyAccount(), mode: "ous" } }, "organization.ouIds"],
    ["no account in account scope", 1, { organization: { ...everyAccount(), mode: "accounts" } }, "organization.accountIds"],
    ["a malformed exclusion", 1, { exclusions: [{ kind: "tag", value: "Owner=*" }, { kind: "cidr", value: "10.0.0.0" }] }, "exclusions[1].value"],
    ["no client name", 2, { metadata: { ...complete().metadata, clientName: " " } }, "clientName"],
    ["a bad email", 2, { metadata: { ...complete().metadata, cloudEngineerEmail: "nope" } }, "cloudEngineerEmail"],
    ["an upload in flight", 2, { diagramUploading: true }, "networkDiagram"],
  ] as const)("step %#: %s is refused", (_, step, patch, field) => {
    const errs = validateStep(step, { ...complete(), ...patch } as Draft, ["us-east-1", "eu-west-1"]);
    expect(Object.keys(errs)).toEqual([field]);
  });

  it("lets a complete draft through every step", () => {
    expect(firstInvalidStep(complete())).toBe(-1);
    expect(firstInvalidStep(emptyDraft())).toBe(0);
  });

  it("sends API field errors back to their step", () => {
    expect(stepOfField("regions")).toBe(1);
    expect(stepOfField("credentialIds[0]")).toBe(0);
    expect(stepOfField("projectMetadata.cloudEngineerEmail")).toBe(2);
    expect(localField("projectMetadata.networkDiagramKey")).toBe("networkDiagram");
    expect(stepOfField("somethingElse")).toBe(3);
    expect(stepOfField("exclusions[2].value")).toBe(1);
    expect(localField("exclusions[2].value")).toBe("exclusions[2].value");
    expect(stepOfField("organization.ouIds")).toBe(1);
  });

  it("builds the request with trimmed values and the diagram key", () => {
    const r = toRequest({ ...complete(), diagram: { fileName: "n.png", key: "uploads/k" } });
    expect(r.name).toBe("Quarterly");
    expect(r.projectMetadata.networkDiagramKey).toBe("uploads/k");
    expect(toRequest(complete()).projectMetadata).not.toHaveProperty("networkDiagramKey");
  });

  it("sends the services, the exclusions and the organization filter of the mode chosen, only when they narrow the scan", () => {
    const plain = toRequest(complete());
    expect(plain).not.toHaveProperty("services");
    expect(plain).not.toHaveProperty("exclusions");
    expect(plain).not.toHaveProperty("organization");
    const narrowed: Draft = {
      ...complete(),
      services: ["vpc", "s3"],
      exclusions: [{ kind: "tag", value: " Owner=* " }],
      organization: { mode: "ous", ouIds: ["ou-work"], accountIds: ["100000000002"] },
    };
    expect(toRequest(narrowed)).toMatchObject({ services: ["vpc", "s3"], exclusions: [{ kind: "tag", value: "Owner=*" }], organization: { ouIds: ["ou-work"] } });
    expect(toRequest(narrowed).organization).not.toHaveProperty("accountIds");
    expect(toRequest({ ...narrowed, organization: { ...narrowed.organization, mode: "accounts" } }).organization).toEqual({ accountIds: ["100000000002"] });
    expect(toRequest(narrowed, false)).not.toHaveProperty("organization");
  });
});

describe("errors shown while the user edits", () => {
  it("go as soon as their field is valid, follow a field's new problem, and none appear unasked", () => {
    const shown = { name: "Name the task.", credentialIds: "Select at least one credential." };
    expect(stillInvalid(shown, { credentialIds: "Select at least one credential." })).toEqual({ credentialIds: "Select at least one credential." });
    expect(stillInvalid({ cloudEngineerEmail: "Enter the cloud engineer's email." }, { cloudEngineerEmail: "Enter a valid email." })).toEqual({
      cloudEngineerEmail: "Enter a valid email.",
    });
    expect(stillInvalid({}, { name: "Name the task." })).toEqual({});
  });

  it("name the project's fields in sentence case, acronyms kept", () => {
    const e = validateStep(2, { ...complete(), metadata: { ...complete().metadata, bdManager: " ", cloudEngineerEmail: "" } });
    expect(e.bdManager).toBe("Enter the BD manager's name.");
    expect(e.cloudEngineerEmail).toBe("Enter the cloud engineer's email.");
  });
});

describe("regions", () => {
  it("read by their console name beside the code", () => {
    expect(regionName("eu-west-1")).toBe("Europe (Ireland)");
    expect(regionLabel("eu-west-1")).toBe("Europe (Ireland) eu-west-1");
    expect(regionLabel("xx-nowhere-9")).toBe("xx-nowhere-9");
  });
});

describe("the remembered project metadata", () => {
  it("keeps the last values trimmed, and ignores what it does not know", () => {
    localStorage.clear();
    expect(rememberedMetadata()).toEqual({});
    rememberMetadata({ ...complete().metadata, clientName: "  Example  " });
    expect(rememberedMetadata()).toEqual({ ...complete().metadata, clientName: "Example" });
    localStorage.setItem("cloudcensus:last-project-metadata", JSON.stringify({ clientName: 7, projectName: "LZ", token: "x" }));
    expect(rememberedMetadata()).toEqual({ projectName: "LZ" });
    localStorage.setItem("cloudcensus:last-project-metadata", "{not json");
    expect(rememberedMetadata()).toEqual({});
    localStorage.clear();
  });
});
