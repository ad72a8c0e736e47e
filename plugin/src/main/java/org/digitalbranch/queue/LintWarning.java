package org.digitalbranch.queue;

/** An accessibility hint shown before submit: never blocks, names the field it is about. */
public record LintWarning(String field, String message) {}
