package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.digitalbranch.archive.ConversationStatus;
import org.digitalbranch.archive.InboxFilter;
import org.digitalbranch.archive.MessageKind;
import org.junit.jupiter.api.Test;

/** A tab on a filtered or later inbox page says which list it holds, not only "Inbox". */
class InboxTitleTest {

  private final InboxFilter inbox = InboxFilter.visibleTo(Set.of("masto-main")).page(50, 0);

  @Test
  void theInboxsStartIsJustInbox() {
    assertThat(InboxPage.title(inbox, 50)).isEqualTo("Inbox");
  }

  @Test
  void aFilteredLaterPageNamesItsChoicesAndItsPlaceInTheList() {
    assertThat(
            InboxPage.title(
                inbox
                    .withStatus(ConversationStatus.UNANSWERED)
                    .withKind(MessageKind.DIRECT_MESSAGE)
                    .withAccount("masto-main")
                    .page(50, 50),
                12))
        .isEqualTo("Inbox: unanswered direct messages on masto-main, 51 to 62");
    assertThat(InboxPage.title(inbox.withKind(MessageKind.REPLY), 3)).isEqualTo("Inbox: replies");
    assertThat(InboxPage.title(inbox.withAccount("masto-main"), 3))
        .isEqualTo("Inbox: on masto-main");
  }
}
