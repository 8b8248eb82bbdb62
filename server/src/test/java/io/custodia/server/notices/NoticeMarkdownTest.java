package io.custodia.server.notices;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.notices.NoticeMarkdown.Block;
import io.custodia.server.notices.NoticeMarkdown.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limited Markdown of notice bodies. */
class NoticeMarkdownTest {

    @Test
    void paragraphsListsHeadingsAndBold_areRead_andEverythingElseStaysText() {
        List<Block> blocks = NoticeMarkdown.read(
                "## What we use\nYour **usage**,\nand <b>nothing</b> else.\n\n- one\n* **two** too\n\nLast **open");

        assertThat(blocks)
                .containsExactly(
                        new Block("heading", List.of(List.of(new Span("What we use", false)))),
                        new Block(
                                "paragraph",
                                List.of(
                                        List.of(
                                                new Span("Your ", false),
                                                new Span("usage", true),
                                                new Span(",", false)),
                                        List.of(new Span("and <b>nothing</b> else.", false)))),
                        new Block(
                                "list",
                                List.of(
                                        List.of(new Span("one", false)),
                                        List.of(new Span("two", true), new Span(" too", false)))),
                        new Block("paragraph", List.of(List.of(new Span("Last **open", false)))));
    }

    @Test
    void emptyBody_hasNoBlocks() {
        assertThat(NoticeMarkdown.read("")).isEmpty();
    }
}
