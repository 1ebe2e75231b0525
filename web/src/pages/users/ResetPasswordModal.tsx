// Resetting a user's password: a confirmation first (it signs them out of
// nothing, but their old password stops working), then the temporary
// password, shown once to copy and pass on; the API keeps no copy, so
// closing the dialog loses it. The user must choose a new one at their
// next sign-in. A refusal (yourself, or a person in several workspaces
// whose password is not this workspace's to change) shows the API's reason.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { User } from "../../api/types";
import { useApi } from "../../app/services";
import { CopyValue } from "../../components/CopyValue";
import { DialogError } from "../../components/DialogError";

export function ResetPasswordModal({ user, visible, onDismiss }: { user: User; visible: boolean; onDismiss: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  // The refusal shows in the dialog, beside the question it answers (not in the flashbar behind it).
  const reset = useMutation({
    mutationFn: () => api.users.resetPassword(user.id),
    onSuccess: (r) => {
      queryClient.setQueryData(["users", "detail", r.user.id], r.user);
      void queryClient.invalidateQueries({ queryKey: ["users", "list"] });
    },
  });
  // Each opening starts over: a password shown once is not shown again.
  const { reset: forget } = reset;
  useEffect(() => {
    if (!visible) forget();
  }, [visible, forget]);
  const password = reset.data?.temporaryPassword;
  return (
    <Modal
      visible={visible}
      onDismiss={onDismiss}
      closeAriaLabel="Close"
      header={password ? `Temporary password for ${user.username}` : "Reset password"}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            {password ? (
              <Button variant="primary" onClick={onDismiss}>
                Done
              </Button>
            ) : (
              <>
                <Button variant="link" onClick={onDismiss}>
                  Cancel
                </Button>
                <Button variant="primary" loading={reset.isPending} onClick={() => reset.mutate()}>
                  Reset password
                </Button>
              </>
            )}
          </SpaceBetween>
        </Box>
      }
    >
      {password ? (
        <SpaceBetween size="m">
          <Alert type="warning" header="Shown only once">
            Copy the password now and give it to {user.username} through a channel you trust. CloudCensus keeps no copy: once this dialog closes it cannot be shown again.
          </Alert>
          <Box variant="code">
            <CopyValue value={password} label="temporary password" />
          </Box>
          <Box>{user.username} must choose a new password at their next sign-in.</Box>
        </SpaceBetween>
      ) : (
        <SpaceBetween size="m">
          <Box>
            Reset the password of {user.username}? Their current password stops working at once, and they must choose a new one at their next sign-in with the
            temporary password you will see next.
          </Box>
          <DialogError error={reset.error} header="The password was not reset" />
        </SpaceBetween>
      )}
    </Modal>
  );
}
