package io.custodia.server.decisions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy in front of the test server that breaks the network on demand, as a client meets it in production:
 * connections cut in the middle of a stream, answers lost after the server acted, a link that goes silent. The
 * network is the one thing of these tests that is not the product, so it is the one thing simulated.
 */
final class FlakyProxy implements AutoCloseable {
    private final int upstreamPort;
    private final ServerSocket listening;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean loseNextConsentAnswer = new AtomicBoolean();
    private volatile boolean silent;
    private volatile boolean open = true;

    FlakyProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "flaky-proxy");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** The proxy's port. */
    int port() {
        return listening.getLocalPort();
    }

    /** Cuts every open connection, as a load balancer restarting or a network failing would. */
    void cutAll() {
        for (Link link : links) {
            link.close();
        }
    }

    /**
     * The next answer to a {@code POST /api/v1/consents} is lost: the request reaches the server, which records it,
     * and the connection is cut before the client reads the answer.
     */
    void loseNextConsentAnswer() {
        loseNextConsentAnswer.set(true);
    }

    /** While silent, the proxy keeps connections open and passes nothing on, either way. */
    void silent(boolean on) {
        silent = on;
    }

    private void accept() {
        while (open) {
            try {
                Socket client = listening.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                Link link = new Link(client, server);
                links.add(link);
                link.start();
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        listening.close();
        cutAll();
    }

    /** One client connection and its connection to the server. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private volatile boolean consentRequest;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            Thread up = new Thread(() -> pump(client, server, true), "flaky-proxy-up");
            Thread down = new Thread(() -> pump(server, client, false), "flaky-proxy-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        private void pump(Socket from, Socket to, boolean request) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) != -1) {
                    while (silent && open) {
                        Thread.sleep(20);
                    }
                    if (request) {
                        String start = new String(buffer, 0, Math.min(read, 32), StandardCharsets.US_ASCII);
                        if (start.startsWith("POST ")) {
                            consentRequest = start.startsWith("POST /api/v1/consents ");
                        } else if (start.startsWith("GET ")) {
                            consentRequest = false;
                        }
                    } else if (consentRequest && loseNextConsentAnswer.compareAndSet(true, false)) {
                        // The server has answered, so it has recorded: the answer never reaches the client.
                        close();
                        return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // The other side went away.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close();
            }
        }

        void close() {
            links.remove(this);
            try {
                client.close();
            } catch (IOException e) {
                // Closing anyway.
            }
            try {
                server.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
    }
}
