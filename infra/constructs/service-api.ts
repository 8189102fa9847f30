// The HTTP API, built from the route table (shared/http/routes.ts): one API Gateway route per entry, to the
// Lambda of its bounded context, with Cognito's JWT checked at the edge on every route that needs a role.
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ApiFunction, RouteDefinition } from '../../shared/http/route.ts';

export interface ServiceApiProps {
  routes: readonly RouteDefinition[];
  functions: Record<ApiFunction, lambda.IFunction>;
  userPool: cognito.IUserPool;
  client: cognito.IUserPoolClient;
  /** More app clients whose ID tokens the API accepts (the console's Hosted UI client). */
  otherClients?: cognito.IUserPoolClient[];
  logRetention: logs.RetentionDays;
  throttle: { rateLimit: number; burstLimit: number };
}

/** The routes API Gateway serves: every entry of the table but those marked `fn: 'local'` (outbox, phone
 * simulator, clock), which exist only in the local runtime. */
export function deployedRoutes(
  routes: readonly RouteDefinition[],
): (RouteDefinition & { fn: ApiFunction })[] {
  return routes.filter((route): route is RouteDefinition & { fn: ApiFunction } => route.fn !== 'local');
}

export class ServiceApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ServiceApiProps) {
    super(scope, id);

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: 'alaturi',
      description: 'Alaturi: coordination files, SMS webhooks and analyst exports',
      // The default stage is made below, with access logging and throttling.
      createDefaultStage: false,
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Ids, status and timing only: never a query string, header or body, which may hold personal data.
    const format = AccessLogFormat.custom(
      JSON.stringify({
        requestId: '$context.requestId',
        time: '$context.requestTime',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        responseLength: '$context.responseLength',
        integrationError: '$context.integrationErrorMessage',
        authorizerError: '$context.authorizer.error',
        sourceIp: '$context.identity.sourceIp',
      }),
    );
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(this.accessLogs), format },
    });

    const authorizer = new HttpUserPoolAuthorizer('Cognito', props.userPool, {
      userPoolClients: [props.client, ...(props.otherClients ?? [])],
      identitySource: ['$request.header.Authorization'],
    });
    const integrations = new Map<ApiFunction, HttpLambdaIntegration>();
    const integrationOf = (fn: ApiFunction) => {
      let integration = integrations.get(fn);
      if (!integration) {
        // One invoke permission per function for this API, not one per route: the Lambda resource policy
        // has a 20 KB limit and the coordination function serves dozens of routes. The handler answers 404
        // to any route key it does not know.
        integration = new HttpLambdaIntegration(`${fn}-integration`, props.functions[fn], {
          scopePermissionToRoute: false,
        });
        integrations.set(fn, integration);
      }
      return integration;
    };

    for (const definition of deployedRoutes(props.routes)) {
      const route = new apigw.HttpRoute(this, `Route-${definition.id}`, {
        httpApi: this.httpApi,
        routeKey: apigw.HttpRouteKey.with(definition.path, apigw.HttpMethod[definition.method]),
        integration: integrationOf(definition.fn),
        authorizer: definition.access.kind === 'roles' ? authorizer : undefined,
      });
      if (definition.access.kind === 'public') {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${definition.method} ${definition.path} is public by design (health check, API description, or the private survey reply page, which answers only to an unguessable token); it reads no personal data.`,
        });
      } else if (definition.access.kind === 'twilio') {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${definition.method} ${definition.path} is a Twilio webhook: Twilio sends no token, so the Lambda checks X-Twilio-Signature (HMAC with the account's auth token) before it reads anything.`,
        });
      }
    }
  }
}
