import axios from 'axios';
import { GraphQLClient, gql } from 'graphql-request';

/**
 * The page side of the real-frameworks e2e: real client libraries (graphql-request, axios) bundled
 * for the page as an app would, calling a GraphQL Yoga server and a Fastify + @fastify/jwt API.
 * Each call resolves with what the library gave the app, never throws.
 */
const ME = gql`
  query Me {
    me {
      id
    }
  }
`;
const INVOICES = gql`
  query Invoices {
    invoices {
      id
    }
  }
`;

async function graphql(query: string, token: string): Promise<string> {
  const client = new GraphQLClient(`${location.origin}/graphql`, {
    headers: { authorization: `Bearer ${token}` },
  });
  try {
    return JSON.stringify(await client.request(query));
  } catch (error) {
    return String(error instanceof Error ? error.message : error);
  }
}

async function rest(authorization: string): Promise<number> {
  const response = await axios.get('/api/me', { headers: { authorization }, validateStatus: () => true });
  return response.status;
}

(window as unknown as { realClients: object }).realClients = {
  graphqlMe: (token: string) => graphql(ME, token),
  graphqlInvoices: (token: string) => graphql(INVOICES, token),
  rest,
};
