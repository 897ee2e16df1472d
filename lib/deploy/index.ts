/**
 * Deployment on hosts: the install and removal scripts the deploy resources run (POSIX sh, as root),
 * and the rules for what reaches Terraform. Nothing of cdktf or of scoring.
 */
export { installScript, installParameters, INSTALL_PROGRAM, type InstallScriptOptions, type ContentSource } from './install-script';
export { removeScript, removeScriptParts, type RemoveScriptOptions } from './remove-script';
export { checkPlan, deployNameProblem, type Activation, type DeployPlan } from './plan';
export { UNIT_DIRECTORY, STATE_DIRECTORY, STAGING_DIRECTORY, contentSha256 } from './host-paths';
export { terraformTemplateProblem } from './terraform-text';
export type { OwnerExpression } from './script-prelude';
