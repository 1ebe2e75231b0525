import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADMIN_UI, permissions, services, tokens, user } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import CreateCredential from "./CreateCredential";

function setup() {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI) }),
    "GET /api/credentials/role-template": () => ({
      body: { roleArnPattern: "arn:aws:iam::<account-id>:role/CloudCensusScanner", externalId: "cc-x", principalArn: "p", quickCreateUrl: "", stackSetTemplate: "", steps: [], template: "", actions: [] },
    }),
    "POST /api/credentials/create": (r) => ({ status: 201, body: { id: "c9", version: 1, createdBy: "u", createdAt: "", updatedAt: "", ...(r.body as object) } }),
  });
  s.session.start(tokens(user()));
  return { ...s, ...renderRoutes(s, [{ path: "/credentials/new", element: <CreateCredential /> }, { path: "/credentials/:id", element: <p>opened</p> }], "/credentials/new") };
}

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe("adding a credential", () => {
  it("offers the role the template's stack creates, fills the account from a pasted ARN, and sends both", async () => {
    const { calls } = setup();
    const arn = await screen.findByLabelText("Role ARN");
    await waitFor(() => expect(arn).toHaveAttribute("placeholder", "arn:aws:iam::123456789012:role/CloudCensusScanner"));
    type("Name", "Prod");
    type("Role ARN", "arn:aws:iam::210987654321:role/CloudCensusScanner");
    expect(screen.getByLabelText("AWS account id")).toHaveValue("210987654321");
    expect(arn).toHaveAttribute("placeholder", "arn:aws:iam::210987654321:role/CloudCensusScanner");
    fireEvent.click(screen.getByText("Add credential", { selector: "button *" }));
    await screen.findByText("opened");
    expect(calls.find((c) => c.path === "/api/credentials/create")?.body).toMatchObject({
      name: "Prod", credentialType: "assume_role", accountId: "210987654321", roleArn: "arn:aws:iam::210987654321:role/CloudCensusScanner",
    });
  });

  it("keeps an account id already typed, and says when the ARN names another", async () => {
    setup();
    await screen.findByLabelText("Role ARN");
    type("Name", "Prod");
    type("AWS account id", "123456789012");
    type("Role ARN", "arn:aws:iam::210987654321:role/CloudCensusScanner");
    expect(screen.getByLabelText("AWS account id")).toHaveValue("123456789012");
    fireEvent.click(screen.getByText("Add credential", { selector: "button *" }));
    expect(await screen.findByText("The role ARN names another account.")).toBeInTheDocument();
  });
});
