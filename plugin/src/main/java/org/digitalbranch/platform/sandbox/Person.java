package org.digitalbranch.platform.sandbox;

/**
 * Who wrote a generated message: a patron with a handle, or a staff member writing as the library's
 * account (then {@code name} is the staff member and {@code handle} the library's).
 */
public record Person(String name, String handle, boolean staff) {}
