import { describe, expect, it } from "vitest";
import { emptyDraft, firstInvalidStep, localField, stepOfField, toRequest, validateStep, type Draft } from "./draft";

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
  });

  it("builds the request with trimmed values and the diagram key", () => {
    const r = toRequest({ ...complete(), diagram: { fileName: "n.png", key: "uploads/k" } });
    expect(r.name).toBe("Quarterly");
    expect(r.projectMetadata.networkDiagramKey).toBe("uploads/k");
    expect(toRequest(complete()).projectMetadata).not.toHaveProperty("networkDiagramKey");
  });
});
