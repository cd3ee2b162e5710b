import type { CodegenConfig } from '@graphql-codegen/cli';
import { enumValues } from './src/graphql/enums';

/** Resolver and context types are generated from the SDL in schema/, never written by hand. */
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    'src/graphql/generated/types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        contextType: '../context#GraphQLContext',
        useIndexSignature: false,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        immutableTypes: false,
        scalars: { DateTime: 'Date' },
        enumValues,
        mapperTypeSuffix: 'Model',
        mappers: {
          User: '../../auth/types#AuthUser',
          Application: '../../entities#Application',
          AccessToken: '../../entities#AccessToken',
        },
      },
    },
  },
};

export default config;
