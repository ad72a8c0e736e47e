package org.digitalbranch.intranet;

/** Starts the intranet. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("Digital Branch intranet: under construction");
  }
}
