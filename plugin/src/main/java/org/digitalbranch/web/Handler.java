package org.digitalbranch.web;

/** Answers one route. Throws {@link HttpProblem} for the errors it means to answer. */
@FunctionalInterface
public interface Handler {
  void handle(Exchange exchange) throws Exception;
}
