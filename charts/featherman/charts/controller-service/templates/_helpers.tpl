{{/* Names and labels of the controller-service chart. */}}
{{- define "controller-service.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "controller-service.selectorLabels" -}}
app.kubernetes.io/name: controller-service
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "controller-service.labels" -}}
{{ include "controller-service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: featherman
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "controller-service.tag" -}}
{{- .Values.image.tag | default .Values.global.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{- define "controller-service.image" -}}
{{- printf "%s/%s:%s" .Values.global.image.registry .Values.image.repository (include "controller-service.tag" .) -}}
{{- end -}}

{{- define "controller-service.workerImage" -}}
{{- printf "%s/%s:%s" .Values.global.image.registry .Values.worker.repository (.Values.worker.tag | default .Values.global.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* Settings the chart derives; values.config adds to and overrides them. */}}
{{- define "controller-service.baseConfig" -}}
featherman:
  controller:
    namespaces: {{ toJson .Values.global.watchNamespaces }}
    leader-election: {{ .Values.leaderElection }}
    lease-name: {{ include "controller-service.fullname" . }}
    lease-namespace: {{ .Release.Namespace }}
    worker-image: {{ include "controller-service.workerImage" . }}
    worker-image-pull-policy: {{ .Values.worker.pullPolicy }}
    worker-service-account: {{ .Values.worker.serviceAccount }}
{{- end -}}
