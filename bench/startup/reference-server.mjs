// The reference for bench/startup: the smallest Fastify server, answering /health like Vaardig does.
// Its cold start (process spawn to first 200) measures what this machine needs to start Node and
// Fastify at all, so Vaardig's start can be given as a ratio that survives a noisy machine.
import Fastify from 'fastify';

const app = Fastify();
app.get('/health', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
