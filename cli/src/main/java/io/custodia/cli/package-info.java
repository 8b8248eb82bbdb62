/**
 * Custodia's command line: a thin client of the server's HTTP API, for work done from a terminal or a script.
 * Entry point: {@link io.custodia.cli.CustodiaCli}.
 */
@NullMarked
package io.custodia.cli;

import org.jspecify.annotations.NullMarked;
