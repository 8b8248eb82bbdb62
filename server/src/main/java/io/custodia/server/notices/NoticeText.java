package io.custodia.server.notices;

/**
 * A notice's text in one language, as the customer reads it.
 *
 * @param title one line, at most 200 characters
 * @param body plain text or limited Markdown (paragraphs, {@code - } lists, {@code **bold**}), at most 20,000
 *     characters, with {@code \n} line breaks
 */
public record NoticeText(String title, String body) {}
