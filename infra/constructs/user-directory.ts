// The staff directory: a Cognito user pool that only admins fill (no self sign-up), TOTP MFA for everyone who
// can open a victim's file, one group per role and the county/unit scope as admin-only custom attributes.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '../../shared/domain/enums.ts';

export class UserDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  /** `email`: how Cognito sends invitations and recovery codes (SES in production; see alaturi-stack.ts). */
  constructor(scope: Construct, id: string, props: { email?: cognito.UserPoolEmail } = {}) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // Required, TOTP only: SMS codes can be intercepted by SIM swap and cost per message.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 12,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus: compromised-credential checks and adaptive authentication, enforced. It is billed per monthly
      // active user; an agency's and prosecutors' staff are a few hundred people.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        // The scope a principal is bound to (shared/auth/principal.ts). Mutable so an admin can move a person,
        // but the app client below cannot write it: nobody widens their own scope.
        county: new cognito.StringAttribute({ minLen: 1, maxLen: 2, mutable: true }),
        unit: new cognito.StringAttribute({ minLen: 2, maxLen: 40, mutable: true }),
      },
      userInvitation: {
        emailSubject: 'Alături: your account',
        emailBody:
          'An account was created for you. User name: {username}. Temporary password: {####}. ' +
          'You will set a new password and an authenticator app at first sign-in.',
      },
      email: props.email,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const role of ROLES) {
      new cognito.UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: `Alaturi ${role}s: the role the API reads from cognito:groups`,
      });
    }

    this.client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      // Sign-in is SRP from the web app; no hosted UI, no OAuth redirects to leak a code through.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.minutes(60),
      accessTokenValidity: Duration.minutes(60),
      refreshTokenValidity: Duration.hours(12),
      // The API reads the ID token: its audience is this client, and it carries the groups and the scope.
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, givenName: true, familyName: true })
        .withCustomAttributes('county', 'unit'),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({
        givenName: true,
        familyName: true,
      }),
    });
  }

  /**
   * The `iss` of the pool's tokens. Not `userPoolProviderUrl`: CloudFormation's ProviderURL has no scheme,
   * and the token's `iss` starts with https://.
   */
  get issuer(): string {
    // The same spelling as the API's JWT authorizer (HttpUserPoolAuthorizer), so both check one issuer.
    return `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }

  /** Where the pool publishes its signing keys. */
  get jwksUrl(): string {
    return `${this.issuer}/.well-known/jwks.json`;
  }
}
