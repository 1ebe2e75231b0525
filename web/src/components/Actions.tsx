// The Cancel + primary pair that closes every form and dialog.

import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";

export interface ActionsProps {
  submitText: string;
  onSubmit?: () => void;
  onCancel: () => void;
  loading?: boolean;
  /** The primary button submits its enclosing <form> instead of calling onSubmit. */
  submitsForm?: boolean;
  /** The primary button waits (a typed confirmation not given yet). */
  disabled?: boolean;
}

export function Actions({ submitText, onSubmit, onCancel, loading, submitsForm, disabled }: ActionsProps) {
  return (
    <SpaceBetween direction="horizontal" size="xs">
      <Button variant="link" formAction="none" onClick={onCancel}>
        Cancel
      </Button>
      <Button variant="primary" formAction={submitsForm ? "submit" : "none"} loading={loading} disabled={disabled} onClick={submitsForm ? undefined : onSubmit}>
        {submitText}
      </Button>
    </SpaceBetween>
  );
}

export function ModalFooter(props: ActionsProps) {
  return (
    <Box float="right">
      <Actions {...props} />
    </Box>
  );
}
