// The web console in AWS (CONSOLE.md): its Lambda on the HTTP API under /console with no JWT authorizer (the
// function checks its own session), a Cognito app client for the Hosted UI (authorization code with PKCE) and
// its domain, and the sessions table, which is all the console's role may touch: no grant on personal data,
// survey data, the audit trail or the data key.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { CONSOLE_SESSIONS_TABLE } from '../../shared/data/tables.ts';

/** The Hosted UI app client: created before the API's authorizer, which must accept its ID tokens too. */
export function consoleClient(userPool: cognito.UserPool, consoleUrl: string): cognito.UserPoolClient {
  return userPool.addClient('ConsoleClient', {
    generateSecret: false,
    // A public client: PKCE (S256) instead of a secret; the code flow only, never tokens in a URL.
    oAuth: {
      flows: { authorizationCodeGrant: true },
      scopes: [cognito.OAuthScope.OPENID],
      callbackUrls: [`${consoleUrl}/console/callback`],
      logoutUrls: [`${consoleUrl}/console/login`],
    },
    supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    idTokenValidity: Duration.minutes(60),
    accessTokenValidity: Duration.minutes(60),
    // The session's absolute end: a refresh token never outlives it.
    refreshTokenValidity: Duration.hours(10),
    readAttributes: new cognito.ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true })
      .withCustomAttributes('county', 'unit'),
    writeAttributes: new cognito.ClientAttributes().withStandardAttributes({}),
  });
}

export interface ConsoleSiteProps {
  httpApi: apigw.HttpApi;
  fn: lambda.Function;
  userPool: cognito.UserPool;
  client: cognito.UserPoolClient;
  /** The Hosted UI's domain prefix (globally unique in the region). */
  domainPrefix: string;
}

export class ConsoleSite extends Construct {
  readonly sessions: dynamodb.TableV2;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    const attribute = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.sessions = new dynamodb.TableV2(this, 'SessionsTable', {
      partitionKey: attribute(CONSOLE_SESSIONS_TABLE.partitionKey),
      sortKey: attribute(CONSOLE_SESSIONS_TABLE.sortKey),
      billing: dynamodb.Billing.onDemand(),
      // Sessions hold staff tokens, never a victim's data: the AWS managed key keeps the data key out of reach.
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: CONSOLE_SESSIONS_TABLE.timeToLiveAttribute,
      // Losing sessions only signs people out.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own items, one at a time: no Query, no Scan, no other table.
    props.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [this.sessions.tableArn],
      }),
    );

    this.domain = props.userPool.addDomain('ConsoleDomain', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });
    props.fn.addEnvironment('CONSOLE_SESSIONS_TABLE', this.sessions.tableName);
    props.fn.addEnvironment('COGNITO_DOMAIN', this.domain.baseUrl());
    props.fn.addEnvironment('COGNITO_CLIENT_ID', props.client.userPoolClientId);

    const integration = new HttpLambdaIntegration('console-integration', props.fn, {
      scopePermissionToRoute: false,
    });
    for (const path of ['/console', '/console/{proxy+}']) {
      const route = new apigw.HttpRoute(this, `Route${path.replace(/[^a-z]/gi, '')}`, {
        httpApi: props.httpApi,
        routeKey: apigw.HttpRouteKey.with(path, apigw.HttpMethod.ANY),
        integration,
      });
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The console signs people in itself (Cognito Hosted UI, server-side session); it calls the API with the user’s token, which the API authorizes as any client.',
      });
    }
  }
}
