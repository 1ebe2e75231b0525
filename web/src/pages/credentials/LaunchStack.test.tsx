import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { RoleTemplate } from "../../api/types";
import { LaunchStackButton, linkUsable, ManualSteps } from "./LaunchStack";

const base: RoleTemplate = {
  template: "Resources: {}",
  stackSetTemplate: "Resources: {}",
  quickCreateUrl: "https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/quickcreate?templateURL=old",
  quickCreateExpiresAt: new Date(Date.now() + 3600_000).toISOString(),
  steps: [],
  roleArnPattern: "arn:aws:iam::<account-id>:role/CloudCensusScanner",
  principalArn: "arn:aws:iam::111111111111:role/Principal",
  externalId: "cc-0123456789",
  actions: ["ec2:DescribeVpcs"],
};

describe("launching the scanner role's stack", () => {
  it("knows when a link has run out", () => {
    const now = Date.now();
    expect(linkUsable(base, now)).toBe(true);
    expect(linkUsable({ ...base, quickCreateExpiresAt: new Date(now + 30_000).toISOString() }, now)).toBe(false);
    expect(linkUsable({ ...base, quickCreateUrl: "" }, now)).toBe(false);
  });

  it("asks for a fresh link when the one it holds has run out", async () => {
    const open = vi.spyOn(window, "open").mockImplementation(() => null);
    const fresh = { ...base, quickCreateUrl: base.quickCreateUrl.replace("old", "fresh") };
    const refetch = vi.fn(() => Promise.resolve({ data: fresh }));
    render(<LaunchStackButton template={{ ...base, quickCreateExpiresAt: new Date(Date.now() - 1000).toISOString() }} refetch={refetch} label="Launch stack" />);
    fireEvent.click(screen.getByRole("button", { name: "Launch stack" }));
    await waitFor(() => expect(open).toHaveBeenCalledWith(fresh.quickCreateUrl, "_blank", "noopener"));
    expect(refetch).toHaveBeenCalledTimes(1);
    open.mockRestore();
  });

  it("gives the console's steps, and no button, where no link can work", () => {
    const local = { ...base, quickCreateUrl: "", quickCreateExpiresAt: undefined, steps: ["Download the template.", "Keep the parameter ExternalId as cc-0123456789."] };
    const { container } = render(
      <>
        <LaunchStackButton template={local} refetch={() => Promise.resolve({})} label="Launch stack" />
        <ManualSteps template={local} />
      </>,
    );
    expect(screen.queryByRole("button", { name: "Launch stack" })).toBeNull();
    expect(screen.getByRole("list", { name: "Deploy the scanner role by hand" })).toBeInTheDocument();
    expect(container.textContent).toContain("cc-0123456789");
  });
});
