# Writes src/core/diff/checks.ts: the check catalog. Levels and directions come from oasdiff's registry
# (../shared/corpus/oasdiff/checks.tsv) for its ids; messages follow oasdiff's English wording. Run from
# the repository root: python3 test/diff/gen-checks.py
import csv, json, re, sys

TSV = '../shared/corpus/oasdiff/checks.tsv'
LV = {'ERR': 'B', 'WARN': 'P', 'INFO': 'N'}
reg = {}
for row in csv.DictReader(open(TSV), delimiter='\t'):
    reg[row['id']] = (LV[row['default_level']], row['direction'])

SUBJ = {
    'request-body': ("the request's body", 'request body'),
    'request-property': ('the request property {property}', 'request property'),
    'response-body': ("the response's body", 'response body'),
    'response-property': ('the response property {property}', 'response property'),
    'request-parameter': ('the {in} request parameter {name}', 'request parameter'),
}
BOUND_KW = {'min': 'min', 'max': 'max', 'exclusive-min': 'exclusiveMinimum', 'exclusive-max': 'exclusiveMaximum',
            'min-length': 'minLength', 'max-length': 'maxLength', 'min-items': 'minItems', 'max-items': 'maxItems',
            'min-contains': 'minContains', 'max-contains': 'maxContains'}
KW = {'if': 'if', 'then': 'then', 'else': 'else', 'contains': 'contains', 'property-names': 'propertyNames',
      'unevaluated-items': 'unevaluatedItems', 'unevaluated-properties': 'unevaluatedProperties',
      'content-schema': 'contentSchema', 'prefix-items': 'prefixItems', 'not': 'not'}

def status_tail(prefix):
    return ' for the response status {status}' if prefix.startswith('response') else ''

def generic(prefix, suffix):
    s, noun = SUBJ[prefix]
    t = status_tail(prefix)
    m = re.fullmatch(r'(min|max|exclusive-min|exclusive-max|min-length|max-length|min-items|max-items|min-contains|max-contains)-(increased|decreased|set|unset)', suffix)
    if m:
        kw = BOUND_KW[m.group(1)]
        if prefix == 'request-parameter':
            base = 'for the {in} request parameter {name}, the ' + kw
        elif prefix.endswith('body'):
            base = s + ' ' + kw
        else:
            base = 'the {property} ' + noun + "'s " + kw
        act = m.group(2)
        if act == 'set':
            return base + ' was set to {to}' + t
        if act == 'unset':
            return base + ' was unset from {from}' + t
        return base + ' was ' + act + ' from {from} to {to}' + t
    m = re.fullmatch(r'(if|then|else|contains|property-names|unevaluated-items|unevaluated-properties|content-schema|prefix-items|not)-(added|removed)', suffix)
    if m:
        kw = KW[m.group(1)]
        return ('added ' if m.group(2) == 'added' else 'removed ') + "the '" + kw + ("' subschema to " if m.group(2) == 'added' else "' subschema from ") + s + t
    fixed = {
        'became-nullable': s + ' became nullable' + t,
        'became-not-nullable': s + ' became not nullable' + t,
        'became-enum': s + ' was restricted to a list of enum values',
        'enum-value-added': 'added the new enum value {value} to ' + s + t,
        'enum-value-removed': 'removed the enum value {value} from ' + s + t,
        'x-extensible-enum-value-removed': 'removed the x-extensible-enum value {value} from ' + s,
        'type-changed': s + ' {what} changed from {from} to {to}' + t,
        'type-generalized': s + ' {what} was widened from {from} to {to}' + t,
        'type-specialized': s + ' {what} was narrowed from {from} to {to}' + t,
        'type-compatible': s + ' {what} changed from {from} to {to} (backward compatible)' + t,
        'list-of-types-widened': s + ' list of types was widened from {from} to {to}' + t,
        'list-of-types-narrowed': s + ' list of types was narrowed from {from} to {to}' + t,
        'pattern-added': 'added the pattern {to} to ' + s + t,
        'pattern-removed': 'removed the pattern {from} from ' + s + t,
        'pattern-changed': 'changed the pattern of ' + s + ' from {from} to {to}' + t,
        'pattern-generalized': 'changed the pattern of ' + s + ' from {from} to a more general pattern {to}' + t,
        'default-value-added': 'for ' + s + ', default value {to} was added' + t,
        'default-value-removed': 'for ' + s + ', default value {from} was removed' + t,
        'default-value-changed': 'for ' + s + ', default value was changed from {from} to {to}' + t,
        'const-added': 'added the const value {to} to ' + s + t,
        'const-removed': 'removed the const value {from} from ' + s + t,
        'const-changed': 'changed the const value of ' + s + ' from {from} to {to}' + t,
        'all-of-added': 'added {value} to the ' + s.replace('the ', '', 1) + ' allOf list' + t,
        'all-of-removed': 'removed {value} from the ' + s.replace('the ', '', 1) + ' allOf list' + t,
        'any-of-added': 'added {value} to the ' + s.replace('the ', '', 1) + ' anyOf list' + t,
        'any-of-removed': 'removed {value} from the ' + s.replace('the ', '', 1) + ' anyOf list' + t,
        'one-of-added': 'added {value} to the ' + s.replace('the ', '', 1) + ' oneOf list' + t,
        'one-of-removed': 'removed {value} from the ' + s.replace('the ', '', 1) + ' oneOf list' + t,
        'discriminator-added': 'added discriminator to ' + s + t,
        'discriminator-removed': 'removed discriminator from ' + s + t,
        'discriminator-property-name-changed': 'discriminator property name changed for ' + s + ' from {from} to {to}' + t,
        'discriminator-mapping-added': 'added the mapping keys {value} to the discriminator of ' + s + t,
        'discriminator-mapping-deleted': 'removed the mapping keys {value} from the discriminator of ' + s + t,
        'discriminator-mapping-changed': 'changed the mapping key {value} of the discriminator of ' + s + ' from {from} to {to}' + t,
        'dependent-required-added': 'added dependentRequired {value} to ' + s + t,
        'dependent-required-removed': 'removed dependentRequired {value} from ' + s + t,
        'dependent-required-changed': 'changed dependentRequired {value} of ' + s + ' from {from} to {to}' + t,
        'dependent-schema-added': 'added the dependent schema {value} to ' + s + t,
        'dependent-schema-removed': 'removed the dependent schema {value} from ' + s + t,
        'pattern-property-added': 'added the pattern property {value} to ' + s + t,
        'pattern-property-removed': 'removed the pattern property {value} from ' + s + t,
        'content-media-type-changed': 'changed the contentMediaType of ' + s + ' from {from} to {to}' + t,
        'content-encoding-changed': 'changed the contentEncoding of ' + s + ' from {from} to {to}' + t,
        'became-required': s + ' became required' + t,
        'became-optional': s + ' became optional' + t,
        'became-required-with-default': 'the request property {property} with a default value became required',
        'deprecated': s + ' deprecated',
        'deprecated-with-sunset': s + ' deprecated with sunset date {to}',
        'reactivated': s + ' reactivated',
        'removed': 'removed ' + s.replace('the ', 'the ', 1),
        'additional-properties-restricted': s + ' no longer allows additional properties' + t,
        'additional-properties-allowed': s + ' now allows additional properties' + t,
        'wrapped-in-one-of': s + ' was wrapped in oneOf' + t,
        'all-of-added-annotation-only': 'added the annotation-only subschema {value} to the ' + s.replace('the ', '', 1) + ' allOf list' + t,
        'all-of-removed-annotation-only': 'removed the annotation-only subschema {value} from the ' + s.replace('the ', '', 1) + ' allOf list' + t,
        'deprecated-sunset-invalid': s + ' deprecated with invalid sunset date: {to}',
    }
    return fixed.get(suffix)

# Exact oasdiff wording for the common checks (users' ignore files match on it).
EXACT = {
    'request-parameter-removed': 'deleted the {in} request parameter {name}',
    'request-parameter-removed-with-deprecation': 'deleted the {in} request parameter {name} with deprecation',
    'request-parameter-removed-before-sunset': 'deleted the {in} request parameter {name} before the sunset date {to}',
    'request-parameter-sunset-parse': 'failed to parse sunset date for the {in} request parameter {name}: {value}',
    'new-required-request-parameter': 'added the new required {in} request parameter {name}',
    'new-optional-request-parameter': 'added the new optional {in} request parameter {name}',
    'new-request-path-parameter': 'added the new path request parameter {name}',
    'request-parameter-became-required': 'the {in} request parameter {name} became required',
    'request-parameter-became-optional': 'the {in} request parameter {name} became optional',
    'request-parameter-became-enum': 'the {in} request parameter {name} was restricted to a list of enum values',
    'request-parameter-became-nullable': 'the {in} request parameter {name} became nullable',
    'request-parameter-became-not-nullable': 'the {in} request parameter {name} became not nullable',
    'request-parameter-enum-value-removed': 'removed the enum value {value} from the {in} request parameter {name}',
    'request-parameter-enum-value-added': 'added the new enum value {value} to the {in} request parameter {name}',
    'request-parameter-x-extensible-enum-value-removed': 'removed the x-extensible-enum value {value} from the {in} request parameter {name}',
    'request-parameter-pattern-added': 'added the pattern {to} to the {in} request parameter {name}',
    'request-parameter-pattern-removed': 'removed the pattern {from} from the {in} request parameter {name}',
    'request-parameter-pattern-changed': 'changed the pattern of the {in} request parameter {name} from {from} to {to}',
    'request-parameter-pattern-generalized': 'changed the pattern of the {in} request parameter {name} from {from} to a more general pattern {to}',
    'request-parameter-default-value-added': 'for the {in} request parameter {name}, default value {to} was added',
    'request-parameter-default-value-changed': 'for the {in} request parameter {name}, default value was changed from {from} to {to}',
    'request-parameter-default-value-removed': 'for the {in} request parameter {name}, default value {from} was removed',
    'request-parameter-type-changed': 'for the {in} request parameter {name}, the {what} was changed from {from} to {to}',
    'request-parameter-type-generalized': 'for the {in} request parameter {name}, the {what} was widened from {from} to {to}',
    'request-parameter-list-of-types-widened': 'for the {in} request parameter {name}, the list of types was widened from {from} to {to}',
    'request-parameter-list-of-types-narrowed': 'for the {in} request parameter {name}, the list of types was narrowed from {from} to {to}',
    'request-parameter-property-became-nullable': 'the {property} property of the {in} request parameter {name} became nullable',
    'request-parameter-property-became-not-nullable': 'the {property} property of the {in} request parameter {name} became not nullable',
    'request-parameter-property-enum-value-removed': 'removed the enum value {value} from the property {property} of the {in} request parameter {name}',
    'request-parameter-property-enum-value-added': 'added the enum value {value} to the property {property} of the {in} request parameter {name}',
    'request-parameter-property-type-changed': 'for the {in} request parameter {name}, the {what} of property {property} was changed from {from} to {to}',
    'request-parameter-property-type-generalized': 'for the {in} request parameter {name}, the {what} of property {property} was widened from {from} to {to}',
    'request-parameter-property-type-specialized': 'for the {in} request parameter {name}, the {what} of property {property} was narrowed from {from} to {to}',
    'request-parameter-deprecated': '{in} request parameter {name} was deprecated',
    'request-parameter-reactivated': '{in} request parameter {name} was reactivated',
    'request-parameter-deprecated-sunset-missing': '{in} request parameter {name} was deprecated without sunset date',
    'request-parameter-sunset-date-too-small': '{in} request parameter {name} sunset date {to} is too small, must be at least {value} days from now',
    'request-parameter-sunset-deleted': '{in} request parameter {name} sunset date deleted, but deprecated=true kept',
    'request-parameter-sunset-date-changed-too-small': '{in} request parameter {name} sunset date changed to an earlier date, from {from} to {to}, new sunset date must be not earlier than {from} and at least {value} days from now',
    'request-body-added-required': 'added required request body',
    'request-body-added-optional': 'added optional request body',
    'request-body-removed': 'removed the request body',
    'request-body-became-required': 'request body became required',
    'request-body-became-optional': 'request body became optional',
    'request-body-became-enum': 'request body was restricted to a list of enum values',
    'request-body-enum-value-removed': 'request body enum value removed {value}',
    'request-body-media-type-added': 'added the media type {media} to the request body',
    'request-body-media-type-removed': 'removed the media type {media} from the request body',
    'request-body-media-type-schema-added': 'added the schema to the media type {media} of the request body',
    'request-body-media-type-schema-removed': 'removed the schema from the media type {media} of the request body',
    'request-body-became-nullable': "the request's body became nullable",
    'request-body-became-not-nullable': "the request's body became not nullable",
    'request-body-type-changed': "the request's body {what} changed from {from} to {to}",
    'request-body-type-generalized': "the request's body {what} was widened from {from} to {to}",
    'request-property-removed': 'removed the request property {property}',
    'request-property-became-required': 'the request property {property} became required',
    'request-property-became-optional': 'the request property {property} became optional',
    'request-property-became-nullable': 'the request property {property} became nullable',
    'request-property-became-not-nullable': 'the request property {property} became not nullable',
    'request-property-became-enum': 'request property {property} was restricted to a list of enum values',
    'request-property-enum-value-removed': 'removed the enum value {value} of the request property {property}',
    'request-property-enum-value-added': 'added the new {value} enum value to the request property {property}',
    'request-property-x-extensible-enum-value-removed': 'removed the x-extensible-enum value {value} of the request property {property}',
    'request-property-type-changed': 'the {property} request property {what} changed from {from} to {to}',
    'request-property-type-generalized': 'the {property} request property {what} was widened from {from} to {to}',
    'request-property-type-compatible': 'the {property} request property {what} changed from {from} to {to} (backward compatible)',
    'request-property-pattern-added': 'added the pattern {to} to the request property {property}',
    'request-property-pattern-removed': 'removed the pattern {from} from the request property {property}',
    'request-property-pattern-changed': 'changed the pattern of the request property {property} from {from} to {to}',
    'request-property-pattern-generalized': 'changed the pattern of the request property {property} from {from} to a more general pattern {to}',
    'request-property-deprecated': 'request property {property} deprecated',
    'request-property-deprecated-with-sunset': 'request property {property} deprecated with sunset date {to}',
    'request-property-reactivated': 'request property {property} reactivated',
    'new-required-request-property': 'added the new required request property {property}',
    'new-required-request-property-with-default': 'added the new required request property {property} with a default value',
    'new-optional-request-property': 'added the new optional request property {property}',
    'response-property-became-optional': 'the response property {property} became optional for the status {status}',
    'response-property-became-required': 'the response property {property} became required for the status {status}',
    'response-property-became-nullable': 'the response property {property} became nullable for the status {status}',
    'response-property-became-not-nullable': 'the response property {property} became not nullable for the status {status}',
    'response-body-became-nullable': "the response's body became nullable",
    'response-body-became-not-nullable': "the response's body became not nullable",
    'response-property-enum-value-added': 'added the new {value} enum value to the {property} response property for the response status {status}',
    'response-property-enum-value-removed': 'removed the {value} enum value from the {property} response property for the response status {status}',
    'response-write-only-property-enum-value-added': 'added the new {value} enum value to the {property} response write-only property for the response status {status}',
    'response-body-type-changed': "the response's body {what} changed from {from} to {to} for status {status}",
    'response-property-type-changed': 'the {property} response\'s property {what} changed from {from} to {to} for status {status}',
    'response-optional-property-removed': 'removed the optional property {property} from the response with the {status} status',
    'response-required-property-removed': 'removed the required property {property} from the response with the {status} status',
    'response-optional-property-added': 'added the optional property {property} to the response with the {status} status',
    'response-required-property-added': 'added the required property {property} to the response with the {status} status',
    'response-optional-write-only-property-removed': 'removed the optional write-only property {property} from the response with the {status} status',
    'response-required-write-only-property-removed': 'removed the required write-only property {property} from the response with the {status} status',
    'response-optional-write-only-property-added': 'added the optional write-only property {property} to the response with the {status} status',
    'response-required-write-only-property-added': 'added the required write-only property {property} to the response with the {status} status',
    'response-write-only-property-became-optional': 'the response write-only property {property} became optional for the status {status}',
    'response-write-only-property-became-required': 'the response write-only property {property} became required for the status {status}',
    'response-success-status-removed': 'removed the success response with the status {status}',
    'response-non-success-status-removed': 'removed the non-success response with the status {status}',
    'response-success-status-added': 'added the success response with the status {status}',
    'response-non-success-status-added': 'added the non-success response with the status {status}',
    'response-media-type-removed': 'removed the media type {media} for the response with the status {status}',
    'response-media-type-added': 'added the media type {media} for the response with the status {status}',
    'response-body-media-type-schema-added': 'added the schema to the media type {media} of the response with the status {status}',
    'response-body-media-type-schema-removed': 'removed the schema from the media type {media} of the response with the status {status}',
    'response-header-added': 'the response header {name} was added for the status {status}',
    'required-response-header-removed': 'the mandatory response header {name} removed for the status {status}',
    'optional-response-header-removed': 'the optional response header {name} removed for the status {status}',
    'response-header-became-optional': 'the response header {name} became optional for the status {status}',
    'response-header-became-nullable': 'the response header {name} became nullable for the status {status}',
    'response-header-became-not-nullable': 'the response header {name} became not nullable for the status {status}',
    'response-header-type-changed': "the {name} response header's {what} changed from {from} to {to} for the status {status}",
    'response-property-deprecated': 'response property {property} deprecated',
    'response-property-deprecated-with-sunset': 'response property {property} deprecated with sunset date {to}',
    'response-property-reactivated': 'response property {property} reactivated',
    'api-security-added': 'the endpoint scheme security {scheme} was added to the API',
    'api-security-removed': 'the endpoint scheme security {scheme} was removed from the API',
    'api-security-scope-added': "the security scope {scope} was added to the endpoint's security scheme {scheme}",
    'api-security-scope-removed': "the security scope {scope} was removed from the endpoint's security scheme {scheme}",
    'api-global-security-added': 'the security scheme {scheme} was added to the API',
    'api-global-security-removed': 'the security scheme {scheme} was removed from the API',
    'api-global-security-scope-added': 'the security scope {scope} was added to the global security scheme {scheme}',
    'api-global-security-scope-removed': 'the security scope {scope} was removed from the global security scheme {scheme}',
    'api-security-component-added': 'the component security scheme {scheme} was added',
    'api-security-component-removed': 'the component security scheme {scheme} was removed',
    'api-security-component-type-changed': 'the component security scheme {scheme} type changed from {from} to {to}',
    'api-security-component-oauth-url-changed': 'the component security scheme {scheme} oauth url changed from {from} to {to}',
    'api-security-component-oauth-token-url-changed': 'the component security scheme {scheme} oauth token url changed from {from} to {to}',
    'api-security-component-oauth-scope-added': 'the component security scheme {scheme} oauth scope {scope} was added',
    'api-security-component-oauth-scope-removed': 'the component security scheme {scheme} oauth scope {scope} was removed',
    'api-security-component-oauth-scope-changed': 'the component security scheme {scheme} oauth scope {scope} was updated from {from} to {to}',
    'api-schema-removed': 'removed the schema {name} from components',
    'api-stability-decreased': 'endpoint stability level decreased from {from} to {to}',
    'api-stability-increased': 'endpoint stability level increased from {from} to {to}',
    'api-invalid-stability-level': 'failed to parse stability level: {value}',
}

# Own checks (no oasdiff equivalent): id -> (level, direction, message, doc)
OWN = {
    'request-parameter-style-changed': ('B', 'request', 'the serialization style of the {in} request parameter {name} changed from {from} to {to}', 'a parameter\'s `style` changed: clients serialize it differently'),
    'request-parameter-explode-changed': ('B', 'request', 'the explode flag of the {in} request parameter {name} changed from {from} to {to}', 'a parameter\'s effective `explode` changed'),
    'request-body-additional-properties-restricted': ('B', 'request', generic('request-body', 'additional-properties-restricted'), 'request body no longer accepts unknown properties (`additionalProperties: false`)'),
    'request-property-additional-properties-restricted': ('B', 'request', generic('request-property', 'additional-properties-restricted'), 'a request object property no longer accepts unknown properties'),
    'request-body-additional-properties-allowed': ('N', 'request', generic('request-body', 'additional-properties-allowed'), 'request body now accepts unknown properties'),
    'request-property-additional-properties-allowed': ('N', 'request', generic('request-property', 'additional-properties-allowed'), 'a request object property now accepts unknown properties'),
    'response-body-additional-properties-allowed': ('P', 'response', generic('response-body', 'additional-properties-allowed'), 'response body may now carry unknown properties (strict clients may reject them)'),
    'response-property-additional-properties-allowed': ('P', 'response', generic('response-property', 'additional-properties-allowed'), 'a response object property may now carry unknown properties'),
    'response-body-additional-properties-restricted': ('N', 'response', generic('response-body', 'additional-properties-restricted'), 'response body no longer carries unknown properties'),
    'response-property-additional-properties-restricted': ('N', 'response', generic('response-property', 'additional-properties-restricted'), 'a response object property no longer carries unknown properties'),

    'api-server-removed': ('P', 'none', 'removed the server {value}', 'a server URL removed from the document\'s `servers` (clients configured with it may break)'),
    'api-server-added': ('N', 'none', 'added the server {value}', 'a server URL added to `servers`'),
    'api-server-variable-enum-value-removed': ('B', 'none', 'removed the value {value} from the server variable {name}', 'a server variable lost an allowed value'),
    'response-body-enum-value-added': ('P', 'response', "added the new enum value {value} to the response's body for the response status {status}", 'the response body (a scalar) may now be a value the client has not seen'),
    'response-body-enum-value-removed': ('N', 'response', "removed the enum value {value} from the response's body for the response status {status}", 'the response body no longer takes one of its values'),
    'request-body-enum-value-added': ('N', 'request', "added the new enum value {value} to the request's body", 'the request body accepts one more value'),

}

for d in ('request', 'response'):
    for r in ('required', 'optional'):
        for f in ('read-only', 'write-only'):
            for neg in ('', 'not-'):
                tail = '' if d == 'request' else ' for the status {status}'
                EXACT[d + '-' + r + '-property-became-' + neg + f] = 'the ' + d + ' ' + r + ' property {property} became ' + neg.replace('-', ' ') + f + tail

EXACT.update({
    'request-read-only-property-enum-value-removed': 'removed the enum value {value} of the request read-only property {property}',
    'request-read-only-property-max-decreased': "the {property} request read-only property's max was decreased from {from} to {to}",
    'request-read-only-property-exclusive-max-decreased': "the {property} request read-only property's exclusiveMaximum was decreased from {from} to {to}",
    'request-read-only-property-max-length-decreased': "the {property} request read-only property's maxLength was decreased from {from} to {to}",
    'request-read-only-property-min-increased': "the {property} request read-only property's min was increased from {from} to {to}",
    'request-read-only-property-exclusive-min-increased': "the {property} request read-only property's exclusiveMinimum was increased from {from} to {to}",
})

EXACT.update({
    'webhook-added': 'added the webhook {name}',
    'webhook-removed': 'removed the webhook {name}',
})

EXACT.update({
    'endpoint-added': 'endpoint added',
    'endpoint-deprecated': 'endpoint deprecated',
    'endpoint-deprecated-with-sunset': 'endpoint deprecated with sunset date {to}',
    'endpoint-reactivated': 'endpoint reactivated',
    'api-path-removed-without-deprecation': 'api path removed without deprecation',
    'api-path-removed-with-deprecation': 'api path removed with deprecation',
    'api-path-removed-before-sunset': 'api path removed before the sunset date {to}',
    'api-path-sunset-parse': 'failed to parse sunset date: {value}',
    'api-removed-without-deprecation': 'api removed without deprecation',
    'api-removed-with-deprecation': 'api removed with deprecation',
    'api-removed-before-sunset': 'api removed before the sunset date {to}',
    'api-deprecated-sunset-parse': 'failed to parse sunset date: {value}',
    'api-deprecated-sunset-missing': 'sunset date is missing for deprecated API',
    'api-sunset-date-too-small': 'sunset date {to} is too small, must be at least {value} days from now',
    'sunset-deleted': 'api sunset date deleted, but deprecated=true kept',
    'api-sunset-date-changed-too-small': 'api sunset date changed to an earlier date, from {from} to {to}, new sunset date must be not earlier than {from} and at least {value} days from now',
    'api-operation-id-removed': 'api operation id {from} removed and replaced with {to}',
    'api-operation-id-added': 'api operation id {to} was added',
    'api-tag-removed': 'api tag {value} removed',
    'api-tag-added': 'api tag {value} added',
})

SCHEMA_SUFFIXES = """type-changed type-generalized type-specialized type-compatible list-of-types-widened list-of-types-narrowed
became-nullable became-not-nullable enum-value-added enum-value-removed became-enum x-extensible-enum-value-removed
pattern-added pattern-removed pattern-changed pattern-generalized default-value-added default-value-removed
default-value-changed const-added const-removed const-changed all-of-added all-of-removed any-of-added any-of-removed
one-of-added one-of-removed discriminator-added discriminator-removed discriminator-property-name-changed
discriminator-mapping-added discriminator-mapping-deleted discriminator-mapping-changed dependent-required-added
dependent-required-removed dependent-required-changed dependent-schema-added dependent-schema-removed
pattern-property-added pattern-property-removed content-media-type-changed content-encoding-changed deprecated
deprecated-with-sunset reactivated became-required became-optional became-required-with-default removed
additional-properties-restricted additional-properties-allowed all-of-added-annotation-only
all-of-removed-annotation-only deprecated-sunset-invalid wrapped-in-one-of""".split()
for kw in ['if', 'then', 'else', 'contains', 'property-names', 'unevaluated-items', 'unevaluated-properties', 'content-schema', 'prefix-items']:
    SCHEMA_SUFFIXES += [kw + '-added', kw + '-removed']
for b in BOUND_KW:
    SCHEMA_SUFFIXES += [b + '-increased', b + '-decreased', b + '-set', b + '-unset']
PREFIXES = ['request-body', 'request-property', 'response-body', 'response-property', 'request-parameter', 'request-parameter-property']

def wanted_ids():
    ids = list(EXACT.keys())
    for p in PREFIXES:
        for sfx in SCHEMA_SUFFIXES:
            i = p + '-' + sfx
            if i in reg or i in OWN:
                ids.append(i)
    ids += list(OWN)
    seen = []
    for i in ids:
        if i not in seen:
            seen.append(i)
    return seen

def message_for(i):
    msg = EXACT.get(i)
    if msg is None:
        for p in ('request-parameter-property', 'request-parameter', 'request-body', 'request-property', 'response-body', 'response-property'):
            if i.startswith(p + '-'):
                if p == 'request-parameter-property':
                    g = generic('request-property', i[len(p) + 1:])
                    msg = g and g.replace('the request property {property}', 'the property {property} of the {in} request parameter {name}')
                else:
                    msg = generic(p, i[len(p) + 1:])
                break
    return msg

def ts_str(s):
    return "'" + s.replace('\\', '\\\\').replace("'", "\\'") + "'"

def main():
    rows = []
    for i in wanted_ids():
        if i in OWN:
            lvl, d, msg, doc = OWN[i]
            rows.append((i, lvl, d, msg, False))
            continue
        if i not in reg:
            sys.exit('unknown id ' + i)
        lvl, d = reg[i]
        msg = message_for(i)
        if msg is None:
            sys.exit('no message for ' + i)
        rows.append((i, lvl, d, msg, True))
    rows.sort()
    L = []
    L.append("// The catalog of every check the diff engine emits: id (oasdiff's where the concept matches), default")
    L.append("// level, direction and message template. Generated by test/diff/gen-checks.py from oasdiff's registry")
    L.append("// (levels) and its English wording; an id missing here fails the build (STYLE.md \"exhaustive catalogs\").")
    L.append("import type { Level } from '../findings.js';")
    L.append('')
    L.append("export const CHECK_DIRECTIONS = ['request', 'response', 'none'] as const;")
    L.append('export type CheckDirection = (typeof CHECK_DIRECTIONS)[number];')
    L.append('')
    L.append('export interface CheckSpec {')
    L.append('  readonly level: Level;')
    L.append('  readonly direction: CheckDirection;')
    L.append("  /** oasdiff-style English; `{name}` placeholders take the change's arguments, single-quoted. */")
    L.append('  readonly message: string;')
    L.append("  /** Whether oasdiff has this id (the others are driftgate's own, named in its style). */")
    L.append('  readonly oasdiff: boolean;')
    L.append('}')
    L.append('')
    L.append('export const CHECK_IDS = [')
    for r in rows:
        L.append("  '%s'," % r[0])
    L.append('] as const;')
    L.append('export type CheckId = (typeof CHECK_IDS)[number];')
    L.append('')
    L.append("const B = 'breaking';")
    L.append("const P = 'potentially_breaking';")
    L.append("const N = 'non_breaking';")
    L.append('')
    L.append('export const CHECKS = {')
    for (i, lvl, d, msg, o) in rows:
        L.append("  '%s': { level: %s, direction: '%s', message: %s, oasdiff: %s }," % (i, lvl, d, ts_str(msg), 'true' if o else 'false'))
    L.append('} as const satisfies Record<CheckId, CheckSpec>;')
    L.append('')
    L.append('const ID_SET: ReadonlySet<string> = new Set(CHECK_IDS);')
    L.append('')
    L.append('export function isCheckId(id: string): id is CheckId {')
    L.append('  return ID_SET.has(id);')
    L.append('}')
    L.append('')
    L.append(open('test/diff/checks-tail.ts.txt').read().rstrip('\n'))
    open('src/core/diff/checks.ts', 'w').write('\n'.join(L) + '\n')
    print(len(rows), 'checks')

main()
