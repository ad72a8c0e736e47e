/**
 * The publisher: sends approved posts to each target account when they are due, retries as the
 * platforms ask, finds out what happened to a lost answer before sending again, and keeps every
 * account's health for the accounts page. Plain Java over the store; no servlet types.
 */
package org.digitalbranch.publish;
