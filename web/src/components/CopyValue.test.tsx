import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AccountValue, CopyValue } from "./CopyValue";

describe("a value to copy", () => {
  const writeText = vi.fn(() => Promise.resolve());
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
  afterEach(() => writeText.mockClear());

  it("shows the value with a button that copies it and says so", async () => {
    render(<CopyValue value="arn:aws:iam::123456789012:role/Scanner" label="role ARN" />);
    expect(screen.getByText("arn:aws:iam::123456789012:role/Scanner")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Copy role ARN arn:aws:iam::123456789012:role/Scanner" }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("arn:aws:iam::123456789012:role/Scanner"));
    expect(await screen.findByText("Copied the role ARN")).toBeInTheDocument();
  });

  it("names an account beside its id, and copies the id alone", async () => {
    render(<AccountValue id="123456789012" name="Production" />);
    expect(screen.getByText("Production (123456789012)")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Copy account id 123456789012" }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("123456789012"));
  });

  it("keeps to one line in a table, the whole value still there to read", () => {
    render(<CopyValue value="arn:aws:iam::123456789012:role/AVeryLongRoleName" label="role ARN" truncate />);
    expect(screen.getByText("arn:aws:iam::123456789012:role/AVeryLongRoleName")).toBeInTheDocument();
  });

  it("shows a dash for no value, with nothing to copy", () => {
    render(<CopyValue value="" label="external id" />);
    expect(screen.getByText("-")).toBeInTheDocument();
    expect(screen.queryByRole("button")).toBeNull();
  });
});
