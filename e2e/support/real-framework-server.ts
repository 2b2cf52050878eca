import fastifyJwt from '@fastify/jwt';
import { build } from 'esbuild';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';

/**
 * Real server frameworks on 127.0.0.1 for the e2e (issue 14): a GraphQL Yoga server that answers
 * auth errors inside HTTP 200, and a Fastify API guarded by @fastify/jwt. The page loads the real
 * client libraries (e2e/real-frameworks/client.ts), bundled here with esbuild.
 */
export interface RealFrameworkServer {
  url: string;
  tokens: { valid: string; expired: string; reader: string };
  close(): Promise<void>;
}

const SECRET = 'auth-inspector-e2e-only-secret';

export async function startRealFrameworkServer(): Promise<RealFrameworkServer> {
  const bundle = await build({
    entryPoints: [new URL('../real-frameworks/client.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.text ?? '';

  // The browser keeps its sockets alive: closing must drop them, or close() waits for their timeout.
  const app = Fastify({ forceCloseConnections: true });
  await app.register(fastifyJwt, { secret: SECRET });
  const now = Math.floor(Date.now() / 1000);
  const tokens = {
    valid: app.jwt.sign({ sub: 'user-1', role: 'admin' }, { expiresIn: '1h' }),
    expired: app.jwt.sign({ sub: 'user-1', role: 'admin', iat: now - 3900, exp: now - 300 }),
    reader: app.jwt.sign({ sub: 'user-2', role: 'reader' }, { expiresIn: '1h' }),
  };

  // Yoga's usual pattern: verify the bearer token in context; a failure becomes an UNAUTHENTICATED
  // GraphQLError, which Yoga answers with HTTP 200 and an errors array.
  type ServerContext = { req: FastifyRequest; reply: FastifyReply };
  type User = { sub: string; role: string };
  const yoga = createYoga<ServerContext, { user: User }>({
    graphqlEndpoint: '/graphql',
    logging: false,
    schema: createSchema<ServerContext & { user: User }>({
      typeDefs:
        'type User { id: ID! } type Invoice { id: ID! } type Query { me: User, invoices: [Invoice!] }',
      resolvers: {
        Query: {
          me: (_root: unknown, _args: unknown, context: { user: User }) => ({ id: context.user.sub }),
          invoices: (_root: unknown, _args: unknown, context: { user: User }) => {
            if (context.user.role !== 'admin') {
              throw new GraphQLError('You are not allowed to read invoices', {
                extensions: { code: 'FORBIDDEN' },
              });
            }
            return [{ id: 'inv-1' }];
          },
        },
      },
    }),
    context: ({ request }) => {
      const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
      try {
        return { user: app.jwt.verify<User>(token) };
      } catch (error) {
        throw new GraphQLError((error as Error).message, { extensions: { code: 'UNAUTHENTICATED' } });
      }
    },
  });

  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    handler: async (request, reply) => {
      const response = await yoga.handleNodeRequestAndResponse(request, reply, { req: request, reply });
      response.headers.forEach((value, key) => {
        reply.header(key, value);
      });
      reply.status(response.status);
      reply.send(response.body);
      return reply;
    },
  });
  app.get('/api/me', async (request) => {
    await request.jwtVerify();
    return { id: (request.user as { sub: string }).sub };
  });
  app.get('/client.js', async (_request, reply) => reply.type('text/javascript').send(script));
  app.get('/', async (_request, reply) =>
    reply
      .type('text/html')
      .send(
        `<!doctype html><meta charset="utf-8"><title>Real frameworks</title><script>window.TOKENS = ${JSON.stringify(tokens)}</script><script src="/client.js"></script>`,
      ),
  );

  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, tokens, close: () => app.close() };
}
